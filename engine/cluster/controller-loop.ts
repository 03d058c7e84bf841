/**
 * The controller manager's loop, run synchronously: store changes mark what is dirty (workloads,
 * services through the label index, pods to start), and reconcile() runs the workload, scheduling
 * (pod-start.ts) and EndpointSlice controllers until nothing is dirty.
 */
import type { Rng } from "../support/index.js";
import { ClusterError } from "./cluster-error.js";
import { reconcileService, podIsReady } from "./controllers/endpointslice.js";
import { tolerates } from "./controllers/placement.js";
import { reconcileWorkload } from "./controllers/workloads.js";
import type { LabelIndex } from "./label-index.js";
import type { KubeObject, Node, Pod, Service, Workload } from "./model.js";
import type { PodAddresses } from "./pod-addresses.js";
import { startPod, type PodStartDeps } from "./pod-start.js";
import type { ReadinessVerdict } from "./readiness-probe.js";
import { objectKey, type ClusterStore } from "./store.js";

const WORKLOAD_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"]);

export interface ControllerLoopDeps {
  store: ClusterStore;
  index: LabelIndex;
  addresses: PodAddresses;
  /** Nodes carrying a NoSchedule taint, with the taint key. */
  taints: Map<string, string>;
  nameRng: Rng;
  newMeta(): { uid: string; creationMs: number };
  /** Pods whose phase/conditions were pinned by the manifest (the lifecycle leaves them alone). */
  pinned: ReadonlySet<string>;
  cniMissing(): boolean;
  /** The readiness probes' verdict on a started pod (readiness-probe.ts with the runtime's listener). */
  probe(pod: Pod): ReadinessVerdict;
  /** A ConfigMap, DNS or Network object changed (Corefile reload). */
  configChanged(obj: KubeObject): void;
}

export class ControllerLoop {
  private readonly dirtyServices = new Set<string>();
  private readonly dirtyWorkloads = new Set<string>();
  private readonly unplaced = new Set<string>();
  /** Pods that could not be placed; retried when nodes change or pod IPs are released. */
  private readonly waiting = new Set<string>();
  private allServicesDirty = false;
  /** Nodes in store order, cached for the scheduler (invalidated on any node change). */
  private nodeList: Node[] | undefined;
  private readonly podStart: PodStartDeps;

  constructor(private readonly deps: ControllerLoopDeps) {
    const { store } = deps;
    this.podStart = {
      store,
      addresses: deps.addresses,
      nodes: () => (this.nodeList ??= [...store.nodes()]),
      tainted: (n) => deps.taints.get(n),
      cniMissing: deps.cniMissing,
      probe: deps.probe,
      park: (pod) => {
        this.waiting.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
        store.put(pod);
      },
    };
  }

  /** A store change: mark what it makes dirty. */
  track(before: KubeObject | undefined, after: KubeObject | undefined): void {
    const obj = (after ?? before)!;
    const ns = obj.metadata.namespace;
    switch (obj.kind) {
      case "Pod": {
        const key = `${ns}/${obj.metadata.name}`;
        if (before) this.deps.index.indexPod(before as Pod, false);
        if (after) this.deps.index.indexPod(after as Pod, true);
        // A status or binding update keeps the labels object: the services it marks are the same.
        const sameLabels =
          before !== undefined &&
          after !== undefined &&
          (before as Pod).metadata.labels === (after as Pod).metadata.labels;
        for (const p of [before, after] as (Pod | undefined)[]) {
          if (!p || (sameLabels && p === before)) continue;
          for (const s of this.deps.index.servicesFor(ns, p.metadata.labels))
            this.dirtyServices.add(`${ns}/${s}`);
          const owner = p.metadata.ownerReferences.find((o) => o.controller);
          if (owner && !after) this.dirtyWorkloads.add(objectKey(owner.kind, ns, owner.name));
        }
        const a = after as Pod | undefined;
        if (a && this.needsPlacement(a)) {
          if (!this.waiting.has(key)) this.unplaced.add(key);
        } else {
          this.unplaced.delete(key);
          this.waiting.delete(key);
        }
        if (!a && before) {
          this.deps.addresses.release(before as Pod);
          this.retryWaiting();
        }
        break;
      }
      case "Service": {
        if (before) this.deps.index.indexService(before as Service, false);
        if (after) this.deps.index.indexService(after as Service, true);
        this.dirtyServices.add(`${ns}/${obj.metadata.name}`);
        break;
      }
      case "Node":
        this.nodeList = undefined;
        this.allServicesDirty = true;
        this.retryWaiting();
        for (const w of this.deps.store.list("DaemonSet"))
          this.dirtyWorkloads.add(objectKey("DaemonSet", w.metadata.namespace, w.metadata.name));
        break;
      case "Deployment":
      case "ReplicaSet":
      case "StatefulSet":
      case "DaemonSet":
      case "Job":
        this.dirtyWorkloads.add(objectKey(obj.kind, ns, obj.metadata.name));
        if (!after)
          for (const p of this.deps.index.ownedPods(obj.metadata.uid))
            this.deps.store.remove("Pod", p.metadata.namespace, p.metadata.name);
        if (!after && obj.kind === "Deployment")
          for (const rs of [...this.deps.store.list("ReplicaSet")])
            if (rs.metadata.ownerReferences.some((o) => o.uid === obj.metadata.uid))
              this.deps.store.remove("ReplicaSet", rs.metadata.namespace, rs.metadata.name);
        break;
      case "ConfigMap":
      case "DNS":
      case "Network":
        this.deps.configChanged(obj);
        break;
      default:
        break;
    }
  }

  /** Nodes or addresses changed: every parked pod gets another try. */
  retryWaiting(): void {
    for (const k of this.waiting) this.unplaced.add(k);
    this.waiting.clear();
  }

  /** Runs every controller until nothing is dirty (bounded, to fail loudly on a livelock). */
  reconcile(): void {
    for (let round = 0; round < 50; round++) {
      let work = false;
      if (this.dirtyWorkloads.size) {
        work = true;
        const keys = [...this.dirtyWorkloads].sort();
        this.dirtyWorkloads.clear();
        for (const key of keys) {
          const [kind, ns, name] = key.split("/") as [string, string, string];
          const w = this.deps.store.get(kind, ns, name) as Workload | undefined;
          if (w && WORKLOAD_KINDS.has(w.kind)) reconcileWorkload(this.workloadDeps(), w);
        }
      }
      if (this.unplaced.size) {
        work = true;
        const keys = [...this.unplaced];
        this.unplaced.clear();
        for (const key of keys) {
          const slash = key.indexOf("/");
          const pod = this.deps.store.pod(key.slice(0, slash), key.slice(slash + 1));
          if (pod) startPod(this.podStart, pod, this.deps.pinned.has(key));
        }
      }
      if (this.allServicesDirty) {
        this.allServicesDirty = false;
        for (const s of this.deps.store.services())
          this.dirtyServices.add(`${s.metadata.namespace}/${s.metadata.name}`);
      }
      if (this.dirtyServices.size) {
        work = true;
        const keys = [...this.dirtyServices].sort();
        this.dirtyServices.clear();
        const deps = {
          store: this.deps.store,
          rng: this.deps.nameRng,
          newMeta: () => this.deps.newMeta(),
          selectPods: (ns: string, sel: Record<string, string>) => this.deps.index.selectPods(ns, sel),
        };
        for (const key of keys) {
          const slash = key.indexOf("/");
          reconcileService(deps, key.slice(0, slash), key.slice(slash + 1));
        }
      }
      if (!work) return;
    }
    throw new ClusterError("controllers did not settle after 50 rounds", "engine/internal");
  }

  private workloadDeps() {
    return {
      store: this.deps.store,
      rng: this.deps.nameRng,
      newMeta: () => this.deps.newMeta(),
      ownedPods: (uid: string) => this.deps.index.ownedPods(uid),
      schedulable: (node: Node, tolerations: unknown[]) => {
        const t = this.deps.taints.get(node.metadata.name);
        return !node.spec.unschedulable && (!t || tolerates(tolerations, t));
      },
    };
  }

  private needsPlacement(p: Pod): boolean {
    if (p.status.phase === "Succeeded" || p.status.phase === "Failed") return false;
    if (!p.spec.nodeName) return true;
    if (p.status.podIPs.length === 0) return true;
    return (
      !this.deps.pinned.has(`${p.metadata.namespace}/${p.metadata.name}`) &&
      !podIsReady(p) &&
      p.status.phase !== "Running"
    );
  }
}
