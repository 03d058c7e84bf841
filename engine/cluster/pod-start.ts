/**
 * A pod's way to Running, reduced to what DNS and the datapath observe: kube-scheduler binds it
 * (controllers/placement.ts pickNode), the node's kubelet sets up its sandbox — the CNI gives it
 * addresses (pod-addresses.ts) or fails — and reports it Running and Ready. A pod that cannot get
 * there is stored with the status a real one shows (Pending: Unschedulable, bound to
 * a missing node, ContainerCreating) and parked until something it waits for changes.
 */
import { pickNode } from "./controllers/placement.js";
import type { Node, Pod } from "./model.js";
import type { PodAddresses } from "./pod-addresses.js";
import { readinessConditions, type ReadinessVerdict } from "./readiness-probe.js";
import type { ClusterStore } from "./store.js";

export interface PodStartDeps {
  store: ClusterStore;
  addresses: PodAddresses;
  /** Nodes in store order. */
  nodes(): Node[];
  tainted(node: string): string | undefined;
  /** No CNI configured (the cni-missing fault). */
  cniMissing(): boolean;
  /** The readiness probes' verdict once the pod runs (readiness-probe.ts). */
  probe(pod: Pod): ReadinessVerdict;
  /** Stores a pod that could not start and parks it until nodes or addresses change. */
  park(pod: Pod): void;
}

/**
 * The conditions kubelet reports for a started pod: `ready` false is one not started yet; a readiness
 * verdict is one whose sandbox runs and whose probes decided Ready (readiness-probe.ts).
 */
export function lifecycleConditions(ready: boolean | ReadinessVerdict): Pod["status"]["conditions"] {
  const verdict = typeof ready === "boolean" ? undefined : ready;
  if (verdict?.ready) return RUNNING_READY;
  const s = verdict || ready === true ? "True" : "False";
  const readiness: Pod["status"]["conditions"] = verdict
    ? readinessConditions(verdict)
    : [
        { type: "Ready", status: s },
        { type: "ContainersReady", status: s },
      ];
  const head: Pod["status"]["conditions"] = [
    { type: "PodReadyToStartContainers", status: s },
    { type: "Initialized", status: "True" },
  ];
  // concat allocates exactly the elements; a literal with a spread keeps 20 slots.
  return head.concat(readiness, [{ type: "PodScheduled", status: "True" }]);
}

/**
 * What almost every started pod reports, one frozen list shared by all of them (status lists are
 * replaced, never changed in place: setPodReady filters a copy): five objects fewer per pod.
 */
const RUNNING_READY: Pod["status"]["conditions"] = Object.freeze(
  (
    [
      { type: "PodReadyToStartContainers", status: "True" },
      { type: "Initialized", status: "True" },
      { type: "Ready", status: "True" },
      { type: "ContainersReady", status: "True" },
      { type: "PodScheduled", status: "True" },
    ] as const
  ).map((c) => Object.freeze({ ...c })),
) as unknown as Pod["status"]["conditions"];

const CNI_NOT_READY =
  "network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

/**
 * Schedules (unless bound), networks and starts `pod`. `pinned`: the manifest fixed its phase and
 * conditions, so only binding and addresses are filled in.
 */
export function startPod(deps: PodStartDeps, pod: Pod, pinned: boolean): void {
  const next: Pod = { ...pod, spec: { ...pod.spec }, status: { ...pod.status } };
  if (!next.spec.nodeName && !bind(deps, next, pinned)) return;
  const node = deps.store.node(next.spec.nodeName!);
  if (!node) {
    // Bound to a node that does not exist: no kubelet ever reports it, so its status stays what the
    // API server gave it on create — phase Pending, no reason, no conditions (pkg/registry/core/pod
    // strategy.go PrepareForCreate) — until kube-controller-manager's PodGC deletes the orphan after
    // its 40 s quarantine (pkg/controller/podgc/gc_controller.go gcOrphaned; not modelled yet).
    const phase = pinned ? next.status.phase : "Pending";
    next.status = { ...next.status, phase };
    deps.park(next);
    return;
  }
  next.status.hostIP ??= node.status.addresses.find((a) => a.type === "InternalIP")?.address;
  // Pinned pod IPs inside the node's range are reserved so host-local never hands them out again.
  if (!next.spec.hostNetwork) deps.addresses.reserve(next.spec.nodeName, next.status.podIPs);
  if (next.status.podIPs.length === 0 && !addresses(deps, next, node, pinned)) return;
  if (!pinned) {
    next.status.phase = "Running";
    next.status.reason = undefined;
    next.status.message = undefined;
    // Running; Ready only once every container's readiness probe succeeds (kubelet's prober).
    next.status.conditions = lifecycleConditions(deps.probe(next));
  }
  deps.store.put(next);
}

/** kube-scheduler's binding; false (the pod parked Unschedulable) when no node fits. */
function bind(deps: PodStartDeps, next: Pod, pinned: boolean): boolean {
  const r = pickNode(
    {
      nodes: deps.nodes,
      podCount: (n) => deps.store.podCountOnNode(n),
      tainted: deps.tainted,
      firstByLoad: (fits) => deps.store.load.first(fits),
    },
    next,
  );
  if (r.node) {
    next.spec.nodeName = r.node;
    return true;
  }
  const phase = pinned ? next.status.phase : "Pending";
  next.status = { ...next.status, phase, reason: "Unschedulable", message: r.message };
  next.status.conditions = [
    { type: "PodScheduled", status: "False", reason: "Unschedulable", message: r.message },
  ];
  deps.park(next);
  return false;
}

/** The sandbox's addresses: the node's for host network, else the CNI's; false when it fails. */
function addresses(deps: PodStartDeps, next: Pod, node: Node, pinned: boolean): boolean {
  if (next.spec.hostNetwork) {
    const ips = node.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
    next.status.podIPs = ips;
    next.status.podIP = ips[0];
    return true;
  }
  if (deps.cniMissing()) {
    notCreated(deps, next, pinned, "ContainerCreating", CNI_NOT_READY);
    return false;
  }
  const got = deps.addresses.allocate(node.metadata.name);
  if ("reason" in got) {
    notCreated(deps, next, pinned, got.reason, got.message);
    return false;
  }
  next.status.podIPs = got.ips;
  next.status.podIP = got.ips[0];
  return true;
}

/** A scheduled pod whose sandbox cannot be created (no CNI, no address): Pending until that changes. */
function notCreated(deps: PodStartDeps, next: Pod, pinned: boolean, reason: string, message: string): void {
  next.status = { ...next.status, phase: pinned ? next.status.phase : "Pending", reason, message };
  next.status.conditions = [
    { type: "PodScheduled", status: "True" },
    { type: "Ready", status: "False", reason: "ContainersNotReady", message },
  ];
  deps.park(next);
}
