/**
 * The reference's node names on a kind cluster. kind names its nodes `<cluster>-<role>` with a number
 * from the second of a role on (sigs.k8s.io/kind pkg/cluster/internal/providers/common/namer.go
 * MakeNodeNamer; namer_test.go: `kind-test-control-plane`, `kind-test-worker`, `kind-test-worker2`),
 * and kindConfig asks for one control-plane node and `nodes - 1` workers. The reference's profile
 * names them its own way (kubeadm `control-plane`, `worker-0`..; openshift `master-0..2`,
 * `worker-0`..; kind `kind-control-plane`, `kind-worker`..). A name maps when a node of the same
 * role stands at the same place among its role: the n-th worker to the n-th worker, the control
 * plane to the control plane. Nodes of the reference without such a twin keep their name, with the
 * reason, which `netspec check --target kind` reports.
 */
import type { ClusterSettings } from "../../../dsl/index.js";

/** A node as the reference's profile makes it for a cluster block. */
export interface ProfileNode {
  name: string;
  controlPlane: boolean;
}

/** Why a node of the reference has no node on the kind cluster, and the way out. */
export interface Twinless {
  why: string;
  help: string;
}

/** Scenario node names → the kind cluster's, and why the others stay as written. */
export interface NodeNameMap {
  /** Scenario name → node of the kind cluster. */
  forward: ReadonlyMap<string, string>;
  /** Node of the kind cluster → the reference's name for it (else the `kind-…` one). */
  back: ReadonlyMap<string, string>;
  /** A reference node the kind cluster has no twin for → why, and what the spec can do. */
  unmapped: ReadonlyMap<string, Twinless>;
}

/** The nodes `kind create cluster` makes from kindConfig(cluster) under `clusterName`, in order. */
export function kindNodes(cluster: ClusterSettings, clusterName: string): ProfileNode[] {
  const nodes = Math.max(1, cluster.nodes ?? 1);
  return [
    { name: `${clusterName}-control-plane`, controlPlane: true },
    ...Array.from({ length: nodes - 1 }, (_, i) => ({
      name: `${clusterName}-worker${i ? i + 1 : ""}`,
      controlPlane: false,
    })),
  ];
}

/**
 * How the nodes of `reference` (the profile's, for this block) and of a cluster named `kind` (the
 * seed transcripts' `kind-worker2`) are found on the kind cluster `clusterName`.
 */
export function kindNodeNameMap(
  cluster: ClusterSettings,
  clusterName: string,
  reference: readonly ProfileNode[],
): NodeNameMap {
  const real = kindNodes(cluster, clusterName);
  const forward = new Map<string, string>();
  const back = new Map<string, string>();
  const unmapped = new Map<string, Twinless>();
  const pair = (scenario: string, node: string) => (forward.set(scenario, node), back.set(node, scenario));
  kindNodes(cluster, "kind").forEach((n, i) => pair(n.name, real[i]!.name));
  for (const role of [true, false]) {
    const mine = reference.filter((n) => n.controlPlane === role);
    const theirs = real.filter((n) => n.controlPlane === role);
    mine.forEach((n, i) => {
      const twin = theirs[i];
      if (twin) pair(n.name, twin.name);
      else unmapped.set(n.name, whyNoTwin(cluster, reference, real, role));
    });
  }
  return { forward, back, unmapped };
}

function whyNoTwin(
  cluster: ClusterSettings,
  reference: readonly ProfileNode[],
  real: readonly ProfileNode[],
  controlPlane: boolean,
): Twinless {
  const count = (ns: readonly ProfileNode[]) => ns.filter((n) => n.controlPlane === controlPlane).length;
  const role = controlPlane ? "control-plane node" : "worker";
  const k = count(real);
  const has = `it has ${k} ${role}${k === 1 ? "" : "s"}, the reference's ${cluster.profile} profile ${count(reference)}`;
  if (controlPlane)
    return {
      why: `${has} (kindConfig makes one)`,
      help: "pin the first control-plane node or a worker",
    };
  const n = reference.length;
  return {
    why:
      cluster.nodes === undefined
        ? `${has} (the block sets no \`nodes\`: kind makes 1, the profile ${n})`
        : has,
    help: `set \`nodes ${n}\` in the cluster block (kind then makes ${n - 1} workers)`,
  };
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const HOSTNAME = "kubernetes.io/hostname";

/**
 * Renames the nodes one object names where a pod's node is chosen: a pod spec's `nodeName`,
 * `kubernetes.io/hostname` nodeSelector, node affinity on the hostname label or `metadata.name`
 * (required and preferred terms, every operator), in a Pod, a workload's template or a CronJob's job
 * template; and the nodeName of EndpointSlice endpoints. The fields dsl manifestPins reports, and
 * the affinity forms it leaves out since they pin nothing.
 */
export function renameNodes(o: Raw, rename: (node: string) => string): void {
  const kind = String(o.kind ?? "");
  if (kind === "EndpointSlice") {
    for (const e of list(o.endpoints))
      if (isMap(e) && typeof e.nodeName === "string") e.nodeName = rename(e.nodeName);
    return;
  }
  const spec = isMap(o.spec) ? o.spec : undefined;
  const template = (x: unknown) => (isMap(x) && isMap(x.template) ? x.template.spec : undefined);
  const podSpec =
    kind === "Pod"
      ? spec
      : kind === "CronJob"
        ? template(isMap(spec?.jobTemplate) ? spec.jobTemplate.spec : undefined)
        : template(spec);
  if (isMap(podSpec)) renamePodSpec(podSpec, rename);
}

function renamePodSpec(spec: Raw, rename: (node: string) => string): void {
  if (typeof spec.nodeName === "string") spec.nodeName = rename(spec.nodeName);
  const selector = spec.nodeSelector;
  if (isMap(selector) && typeof selector[HOSTNAME] === "string")
    selector[HOSTNAME] = rename(selector[HOSTNAME]);
  const affinity =
    isMap(spec.affinity) && isMap(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : {};
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = [
    ...list(isMap(required) ? required.nodeSelectorTerms : undefined),
    ...list(affinity.preferredDuringSchedulingIgnoredDuringExecution).map((p) =>
      isMap(p) ? p.preference : undefined,
    ),
  ];
  for (const term of terms) {
    if (!isMap(term)) continue;
    for (const [field, key] of [
      ["matchExpressions", HOSTNAME],
      ["matchFields", "metadata.name"],
    ] as const)
      for (const e of list(term[field]))
        if (isMap(e) && e.key === key && Array.isArray(e.values))
          e.values = e.values.map((v) => (typeof v === "string" ? rename(v) : v));
  }
}
