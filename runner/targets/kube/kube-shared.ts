/** What a KubeTarget and its lanes share (kube-target.ts lane()): one cluster and the handles on it. */
import type { CommandRunner } from "./commands.js";
import { existingContext, type ClusterProvider } from "./clusters.js";
import { KindClusters } from "./kind-clusters.js";
import { Kubectl } from "./kubectl.js";
import { PolicyCrds, type PolicyCrd } from "./policy-crds.js";
import { ProbePods } from "./probe-pod.js";
import { RunRecorder } from "./run-journal.js";
import type { NodeNameMap } from "./node-names.js";

/**
 * What the lanes of one target share (lane()): the cluster and the handles on it. Each lane has the
 * state of its own cases: namespaces, snapshots of what they changed, heals.
 */
export interface Shared {
  kubectl: Kubectl;
  clusters: ClusterProvider;
  policyCrds: PolicyCrds;
  record: RunRecorder;
  probePods: ProbePods;
  /** Cases started on any lane: the next case's namespace prefix (`netspec-<seed>-<n>`). */
  cases: number;
  /** kind: the suite's node names on its kind cluster (node-names.ts). */
  nodeNames?: NodeNameMap;
}

/** The KubeTargetOptions the shared handles are made from (kube-target.ts documents each). */
export interface SharedOptions {
  spec: string;
  runner: CommandRunner;
  kindCluster?: string;
  keep?: boolean;
  probeImage?: string;
  dryRun?: boolean;
  clusters?: ClusterProvider;
  kubectl?: string;
  policyCrds?: PolicyCrd[];
  runJournal?: boolean;
}

/** The handles of a new target (not a lane): its kubectl, clusters, CRDs, journal and probe pods. */
export function sharedHandles(o: SharedOptions): Shared {
  const record = new RunRecorder(o.spec, o.runJournal !== false && !o.dryRun);
  const kind = () =>
    new KindClusters(new Kubectl(o.runner), { base: o.kindCluster, keep: o.keep, dryRun: o.dryRun, record });
  return {
    kubectl: new Kubectl(o.runner, o.kubectl),
    policyCrds: new PolicyCrds(o.policyCrds ?? []),
    record,
    probePods: new ProbePods(o.probeImage ?? "registry.k8s.io/e2e-test-images/agnhost:2.47"),
    clusters:
      o.clusters ??
      (o.spec.startsWith("cluster:") ? existingContext(o.spec.slice("cluster:".length)) : kind()),
    cases: 0,
  };
}
