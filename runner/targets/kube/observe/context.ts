/** What the kube target's observers get: the cluster (in cluster names) and how to reach it. */
import type { Value } from "../../../../dsl/index.js";
import type { TargetContext } from "../../target.js";
import type { Kubectl } from "../kubectl.js";

export interface KubeProbeEnv {
  kubectl: Kubectl;
  /** A symbolic value (already in cluster names) resolved on the live API. */
  resolve(value: Value, ctx: TargetContext): Promise<string[]>;
  /** The cluster name of the scenario's `default` namespace (where throwaway probe pods run). */
  defaultNamespace(): string;
  /** Image with dig and agnhost for probe pods the target starts itself. */
  probeImage: string;
}
