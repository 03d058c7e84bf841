/**
 * The in-process "API server + controller manager": admits manifests into the store (service IPs
 * and node ports from allocators.ts, pod addresses from pod-addresses.ts) and runs the controllers
 * synchronously until nothing is dirty (controller-loop.ts: incremental dirty tracking through
 * label-index.ts, so loading 100k pods is linear).
 */
import type { Clock, Rng, SourceText } from "../support/index.js";
import type { ConfigMap, KubeObject, Pod } from "./model.js";
import type { ClusterInfo } from "./view.js";
import { ClusterStore } from "./store.js";
import { ServiceAllocators } from "./allocators.js";
import { admit, expandLists, type AdmitApi } from "./intake/admit.js";
import { parseManifestDocs, type ManifestDoc } from "./intake/yaml-docs.js";
import type { Raw } from "./intake/fields.js";
import { ControllerLoop } from "./controller-loop.js";
import { toManifest } from "./manifest-form.js";
import { LabelIndex } from "./label-index.js";
import { PodAddresses } from "./pod-addresses.js";
import { lifecycleConditions } from "./pod-start.js";

export interface RuntimeConfig {
  info: ClusterInfo;
  clock: Clock;
  rng: Rng;
  /** Nodes carrying a NoSchedule taint (control-plane), with the taint key. */
  taints: Map<string, string>;
  /** Service IPs never handed out dynamically (kubernetes service, DNS service). */
  reservedServiceIPs: string[];
  /** A bare cluster takes pinned cluster IPs as written, inside the service CIDRs or not. */
  pinnedIPsAnywhere?: boolean;
}

export interface AppliedKey {
  kind: string;
  namespace?: string;
  name: string;
}

export class ClusterRuntime {
  readonly store: ClusterStore;
  readonly allocators: ServiceAllocators;
  private readonly uidRng: Rng;
  private readonly addresses: PodAddresses;
  private readonly index: LabelIndex;
  private readonly loop: ControllerLoop;
  /** Pods whose phase/conditions were pinned by the manifest (the lifecycle leaves them alone). */
  private readonly pinned = new Set<string>();
  /** Listeners for ConfigMap/DNS changes (Corefile reload). */
  onConfigChange?: (obj: KubeObject) => void;
  /**
   * No CNI configured (a fault): pods that still need an address stay Pending in ContainerCreating,
   * as kubelet cannot set up their sandbox ("network plugin is not ready: cni config uninitialized").
   */
  cniMissing = false;

  constructor(readonly config: RuntimeConfig) {
    this.store = new ClusterStore(config.info, config.clock);
    this.index = new LabelIndex(this.store);
    this.addresses = new PodAddresses(this.store, config.info);
    this.allocators = new ServiceAllocators(
      config.info.serviceCidrs,
      config.rng.fork("service-ips"),
      config.reservedServiceIPs,
      config.pinnedIPsAnywhere ?? false,
    );
    this.uidRng = config.rng.fork("uids");
    this.loop = new ControllerLoop({
      store: this.store,
      index: this.index,
      addresses: this.addresses,
      taints: config.taints,
      nameRng: config.rng.fork("names"),
      newMeta: () => this.newMeta(),
      pinned: this.pinned,
      cniMissing: () => this.cniMissing,
      configChanged: (obj) => this.onConfigChange?.(obj),
    });
    this.store.onChange((before, after) => this.loop.track(before, after));
  }

  newMeta(): { uid: string; creationMs: number } {
    const hex = (n: number) => {
      let s = "";
      for (let i = 0; i < n; i++) s += this.uidRng.int(16).toString(16);
      return s;
    };
    return {
      uid: `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[this.uidRng.int(4)]}${hex(3)}-${hex(12)}`,
      creationMs: this.config.clock.now(),
    };
  }

  ownedPods(uid: string): Pod[] {
    return this.index.ownedPods(uid);
  }

  /** Pods of a namespace matching a map selector, from the smallest label bucket. */
  selectPods(namespace: string, selector: Record<string, string>): Iterable<Pod> {
    return this.index.selectPods(namespace, selector);
  }

  // ---- admission ----

  private admitApi(): AdmitApi {
    return {
      namespaceExists: (name) => this.store.namespace(name) !== undefined,
      existing: (kind, ns, name) => this.store.get(kind, ns, name),
      families: () => this.allocators.families(),
      allocateClusterIPs: (ctx, svc, prev) => this.allocators.allocateClusterIPs(ctx, svc, prev),
      allocateNodePorts: (ctx, svc, prev) => this.allocators.allocateNodePorts(ctx, svc, prev),
      newMeta: (_k, _ns, _n, previous) =>
        previous ? { uid: previous.metadata.uid, creationMs: previous.metadata.creationMs } : this.newMeta(),
    };
  }

  /** Applies manifests (apply semantics: an existing object is replaced), then reconciles. */
  apply(sources: SourceText[]): AppliedKey[] {
    const applied: AppliedKey[] = [];
    try {
      for (const source of sources) {
        for (const doc of parseManifestDocs(source)) {
          for (const item of expandLists(doc)) {
            const obj = this.admitRaw(item.doc, item.raw, item.prefix);
            applied.push({
              kind: obj.kind,
              namespace: obj.metadata.namespace || undefined,
              name: obj.metadata.name,
            });
          }
        }
      }
    } finally {
      this.reconcile();
    }
    return applied;
  }

  private admitRaw(doc: ManifestDoc, raw: Raw, prefix: string): KubeObject {
    const kind = raw.kind;
    const meta = (raw.metadata ?? {}) as Raw;
    const prevSvc =
      kind === "Service" && typeof meta.name === "string"
        ? this.store.service(typeof meta.namespace === "string" ? meta.namespace : "default", meta.name)
        : undefined;
    if (prevSvc) this.allocators.release(prevSvc);
    let obj: KubeObject;
    try {
      obj = admit(doc, raw, prefix, this.admitApi());
    } catch (e) {
      if (prevSvc) this.allocators.retake(prevSvc);
      throw e;
    }
    if (obj.kind === "Pod") {
      const status = (raw.status ?? {}) as Raw;
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      if (status.phase !== undefined || status.conditions !== undefined) {
        this.pinned.add(key);
        if (obj.status.conditions.length === 0)
          obj.status.conditions = lifecycleConditions(
            obj.status.phase === "Running" && obj.status.podIPs.length > 0,
          );
      } else this.pinned.delete(key);
      const prev = this.store.pod(obj.metadata.namespace, obj.metadata.name);
      if (
        prev &&
        !this.pinned.has(key) &&
        (obj.spec.nodeName === undefined || obj.spec.nodeName === prev.spec.nodeName)
      ) {
        // Re-applying a pod keeps what the cluster assigned (binding and status are not in the manifest).
        obj.spec.nodeName = prev.spec.nodeName;
        obj.status = {
          ...prev.status,
          podIPs: [...prev.status.podIPs],
          conditions: [...prev.status.conditions],
        };
      } else {
        if (prev) this.addresses.release(prev);
        this.addresses.reserve(obj.spec.nodeName, obj.status.podIPs);
      }
    }
    if (obj.kind === "Node") this.addresses.assignNodeCidrs(obj);
    this.store.put(obj);
    return obj;
  }

  /** Stores an object built in code (profile built-ins): services still go through allocation bookkeeping. */
  putBuiltin(obj: KubeObject): void {
    if (obj.kind === "Service") this.allocators.retake(obj);
    if (obj.kind === "Pod") this.pinned.add(`${obj.metadata.namespace}/${obj.metadata.name}`);
    if (obj.kind === "Node") this.addresses.assignNodeCidrs(obj);
    this.store.put(obj);
  }

  remove(kind: string, namespace: string, name: string): boolean {
    const obj = this.store.get(kind, namespace, name);
    if (!obj) return false;
    if (obj.kind === "Namespace") {
      for (const k of [
        "Pod",
        "Service",
        "EndpointSlice",
        "ConfigMap",
        "NetworkPolicy",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Job",
      ])
        for (const o of [...this.store.list(k)])
          if (o.metadata.namespace === name) this.remove(k, name, o.metadata.name);
    }
    if (obj.kind === "Service") this.allocators.release(obj);
    this.store.remove(kind, namespace, name);
    this.pinned.delete(`${namespace}/${name}`);
    this.reconcile();
    return true;
  }

  /** Re-admits an edited manifest form of an existing object (label/patch/scale). */
  readmit(obj: KubeObject, manifest: Raw): void {
    const loc = obj.metadata.source ?? { path: "<patch>", line: 1, column: 1 };
    const doc: ManifestDoc = { raw: manifest, location: loc, locate: () => loc };
    const wasPinned = this.pinned.has(`${obj.metadata.namespace}/${obj.metadata.name}`);
    try {
      const next = this.admitRaw(doc, manifest, "");
      if (next.kind === "Pod" && !wasPinned) {
        this.pinned.delete(`${next.metadata.namespace}/${next.metadata.name}`);
      }
    } finally {
      this.reconcile();
    }
  }

  manifest(obj: KubeObject): Raw {
    return toManifest(obj);
  }

  // ---- status written by kubelet and the node lifecycle controller ----

  /** Sets one pod condition (and Ready's companion ContainersReady), as kubelet reports readiness. */
  setPodReady(pod: Pod, ready: boolean, reason?: string): void {
    const status = ready ? "True" : "False";
    const conditions = pod.status.conditions.filter(
      (c) => c.type !== "Ready" && c.type !== "ContainersReady",
    );
    const extra = reason && !ready ? { reason } : {};
    conditions.push({ type: "Ready", status, ...extra }, { type: "ContainersReady", status, ...extra });
    this.store.put({ ...pod, status: { ...pod.status, conditions } });
    this.reconcile();
  }

  /** Sets a node's Ready condition, as kubelet or the node lifecycle controller does. */
  setNodeReady(name: string, status: "True" | "False" | "Unknown", reason: string, message: string): void {
    const node = this.store.node(name);
    if (!node) return;
    const conditions = node.status.conditions.filter((c) => c.type !== "Ready");
    conditions.push({ type: "Ready", status, reason, ...(message ? { message } : {}) } as never);
    this.store.put({ ...node, status: { ...node.status, conditions } });
    this.loop.retryWaiting();
    this.reconcile();
  }

  /** Takes every free address of the node's pod ranges (host-local exhaustion); returns the undo. */
  exhaustIpam(node: string): () => void {
    const undo = this.addresses.exhaust(node);
    return () => {
      undo();
      this.loop.retryWaiting();
      this.reconcile();
    };
  }

  /** Runs every controller until nothing is dirty. */
  reconcile(): void {
    this.loop.reconcile();
  }

  configMap(namespace: string, name: string): ConfigMap | undefined {
    return this.store.configMap(namespace, name);
  }
}
