/**
 * Where a kube target's clusters come from: kind clusters it makes per cluster block
 * (kind-clusters.ts), an existing kubeconfig context, or the local target's real clusters
 * (runner/targets/local/local-clusters.ts). The kube target only asks for the cluster of a suite and
 * tears down what it was given at the end.
 */
import type { ClusterSettings } from "../../../dsl/index.js";
import type { TargetContext } from "../target.js";

/** How kubectl reaches one cluster. */
export interface ClusterAccess {
  /** A kubeconfig context (kind, existing clusters). */
  context?: string;
  /** A kubeconfig file of its own (the local cluster). */
  kubeconfig?: string;
  /** kind's cluster name (node names follow it). */
  kindName?: string;
  /** The kubectl binary for this cluster (the local target's own build). */
  kubectl?: string;
}

export interface ClusterProvider {
  /**
   * Whether the clusters are netspec's own (made for this run or named by the user for it), so a spec
   * may change cluster-scoped and system objects (still restored after each case).
   */
  readonly owned: boolean;
  /** The cluster for this block, made on first use and reused after. */
  ensure(cluster: ClusterSettings, ctx: TargetContext): Promise<ClusterAccess>;
  /** Removes every cluster this provider made (newest first); idempotent. */
  disposeAll(ctx: TargetContext): Promise<void>;
}

/** `cluster:CONTEXT`: one existing cluster for every block; nothing to make or delete. */
export function existingContext(context: string): ClusterProvider {
  return {
    owned: false,
    ensure: async () => ({ context }),
    disposeAll: async () => {},
  };
}
