/**
 * The in-process "API server + controller manager": admits manifests into the store and runs the
 * controllers synchronously until nothing is dirty. Dirty tracking is incremental (a pod change marks
 * only the services whose selector could match it, through a label index), so loading 100k pods is
 * linear.
 */
import type { Clock, Rng, SourceText } from "../support/index.js";
import { ClusterError } from "./cluster-error.js";
import type { ConfigMap, KubeObject, Node, Pod, Service, Workload } from "./model.js";
import type { ClusterInfo } from "./view.js";
import { ClusterStore, objectKey } from "./store.js";
import { ServiceAllocators } from "./allocators.js";
import {
  ApiServer,
  apiKindOf,
  DEFAULT_KUBERNETES_VERSION,
  manifestIngress,
  manifestPodStatus,
  parseKubeVersion,
  type JsonObject,
} from "./intake/index.js";
import { reconcileService, podIsReady } from "./controllers/endpointslice.js";
import { reconcileWorkload } from "./controllers/workloads.js";
import { NodeIpam, pickNode, tolerates } from "./controllers/placement.js";
import { toManifest } from "./manifest-form.js";
import { mapSelectorMatches } from "./selector.js";
import { parseCidr, subnet, formatCidr } from "../net/index.js";

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
  /** The Kubernetes release whose API rules admission follows (`1.31`). */
  kubernetesVersion?: string;
}

type Raw = Record<string, unknown>;

export interface AppliedKey {
  kind: string;
  namespace?: string;
  name: string;
}

const WORKLOAD_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"]);

export class ClusterRuntime {
  readonly store: ClusterStore;
  readonly allocators: ServiceAllocators;
  private readonly nameRng: Rng;
  private readonly uidRng: Rng;
  private readonly ipam = new Map<string, NodeIpam[]>();
  private nextNodeSubnet = 0;
  /** Pods whose phase/conditions were pinned by the manifest (the lifecycle leaves them alone). */
  private readonly pinned = new Set<string>();
  private readonly podLabelIndex = new Map<string, Map<string, Set<string>>>();
  private readonly serviceIndex = new Map<string, Map<string, Set<string>>>();
  private readonly ownerIndex = new Map<string, Map<string, Pod>>();
  private readonly dirtyServices = new Set<string>();
  private readonly dirtyWorkloads = new Set<string>();
  private readonly unplaced = new Set<string>();
  /** Pods that could not be placed; retried when nodes change or pod IPs are released. */
  private readonly waiting = new Set<string>();
  private allServicesDirty = false;
  /** Nodes in store order, cached for the scheduler (invalidated on any node change). */
  private nodeList: Node[] | undefined;
  /** Listeners for ConfigMap/DNS changes (Corefile reload). */
  onConfigChange?: (obj: KubeObject) => void;
  /** Admission: the in-process API server's front door (intake/api-server.ts). */
  readonly api: ApiServer;

  constructor(readonly config: RuntimeConfig) {
    this.store = new ClusterStore(config.info, config.clock);
    this.allocators = new ServiceAllocators(
      config.info.serviceCidrs,
      config.rng.fork("service-ips"),
      config.reservedServiceIPs,
      config.pinnedIPsAnywhere ?? false,
    );
    this.nameRng = config.rng.fork("names");
    this.uidRng = config.rng.fork("uids");
    this.store.onChange((before, after) => this.track(before, after));
    this.api = new ApiServer({
      clock: config.clock,
      rng: this.uidRng,
      version: parseKubeVersion(config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION)!,
      allocation: this.allocators.allocation(),
      openshift: config.info.profile === "openshift",
      namespacePhase: (n) => this.store.namespace(n)?.status.phase,
      commit: (model, sent) => this.commit(model, sent),
    });
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

  // ---- change tracking ----

  private track(before: KubeObject | undefined, after: KubeObject | undefined): void {
    const obj = (after ?? before)!;
    const ns = obj.metadata.namespace;
    switch (obj.kind) {
      case "Pod": {
        const key = `${ns}/${obj.metadata.name}`;
        if (before) this.indexPod(before as Pod, false);
        if (after) this.indexPod(after as Pod, true);
        for (const p of [before, after] as (Pod | undefined)[]) {
          if (!p) continue;
          for (const [k, v] of Object.entries(p.metadata.labels)) {
            const svcs = this.serviceIndex.get(ns)?.get(`${k}=${v}`);
            if (svcs) for (const s of svcs) this.dirtyServices.add(`${ns}/${s}`);
          }
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
          this.releasePodIps(before as Pod);
          this.retryWaiting();
        }
        break;
      }
      case "Service": {
        if (before) this.indexService(before as Service, false);
        if (after) this.indexService(after as Service, true);
        this.dirtyServices.add(`${ns}/${obj.metadata.name}`);
        break;
      }
      case "Node":
        this.nodeList = undefined;
        this.allServicesDirty = true;
        this.retryWaiting();
        for (const w of this.store.list("DaemonSet"))
          this.dirtyWorkloads.add(objectKey("DaemonSet", w.metadata.namespace, w.metadata.name));
        break;
      case "Deployment":
      case "ReplicaSet":
      case "StatefulSet":
      case "DaemonSet":
      case "Job":
        this.dirtyWorkloads.add(objectKey(obj.kind, ns, obj.metadata.name));
        if (!after)
          for (const p of this.ownedPods(obj.metadata.uid))
            this.store.remove("Pod", p.metadata.namespace, p.metadata.name);
        if (!after && obj.kind === "Deployment")
          for (const rs of [...this.store.list("ReplicaSet")])
            if (rs.metadata.ownerReferences.some((o) => o.uid === obj.metadata.uid))
              this.store.remove("ReplicaSet", rs.metadata.namespace, rs.metadata.name);
        break;
      case "ConfigMap":
      case "DNS":
      case "Network":
        this.onConfigChange?.(obj);
        break;
      default:
        break;
    }
  }

  private indexPod(p: Pod, add: boolean): void {
    const ns = p.metadata.namespace;
    let m = this.podLabelIndex.get(ns);
    if (!m) this.podLabelIndex.set(ns, (m = new Map()));
    for (const [k, v] of Object.entries(p.metadata.labels)) {
      const key = `${k}=${v}`;
      let set = m.get(key);
      if (!set) m.set(key, (set = new Set()));
      if (add) set.add(p.metadata.name);
      else set.delete(p.metadata.name);
    }
    const owner = p.metadata.ownerReferences.find((o) => o.controller);
    if (owner) {
      let o = this.ownerIndex.get(owner.uid);
      if (!o) this.ownerIndex.set(owner.uid, (o = new Map()));
      if (add) o.set(`${ns}/${p.metadata.name}`, p);
      else o.delete(`${ns}/${p.metadata.name}`);
    }
  }

  private indexService(s: Service, add: boolean): void {
    if (!s.spec.selector) return;
    const first = Object.entries(s.spec.selector)[0];
    if (!first) return;
    const ns = s.metadata.namespace;
    let m = this.serviceIndex.get(ns);
    if (!m) this.serviceIndex.set(ns, (m = new Map()));
    const key = `${first[0]}=${first[1]}`;
    let set = m.get(key);
    if (!set) m.set(key, (set = new Set()));
    if (add) set.add(s.metadata.name);
    else set.delete(s.metadata.name);
  }

  private retryWaiting(): void {
    for (const k of this.waiting) this.unplaced.add(k);
    this.waiting.clear();
  }

  ownedPods(uid: string): Pod[] {
    const m = this.ownerIndex.get(uid);
    return m ? [...m.values()] : [];
  }

  /** Pods of a namespace matching a map selector, from the smallest label bucket. */
  *selectPods(namespace: string, selector: Record<string, string>): Iterable<Pod> {
    const m = this.podLabelIndex.get(namespace);
    if (!m) return;
    let smallest: Set<string> | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const set = m.get(`${k}=${v}`);
      if (!set) return;
      if (!smallest || set.size < smallest.size) smallest = set;
    }
    if (!smallest) return;
    for (const name of smallest) {
      const pod = this.store.pod(namespace, name);
      if (pod && mapSelectorMatches(selector, pod.metadata.labels)) yield pod;
    }
  }

  // ---- admission ----

  /** Applies manifests (apply semantics: an existing object is replaced), then reconciles. */
  apply(sources: SourceText[]): AppliedKey[] {
    const applied: AppliedKey[] = [];
    try {
      for (const source of sources) applied.push(...this.api.apply(source));
    } finally {
      this.reconcile();
    }
    return applied;
  }

  /** An admitted object into the model: what the cluster assigned before is kept on re-apply. */
  private commit(obj: KubeObject, sent: JsonObject): void {
    if (obj.kind === "Pod") this.commitPod(obj, sent);
    if (obj.kind === "Node") this.assignNodeCidrs(obj);
    if (obj.kind === "Service") {
      // A load balancer's status is its controller's; a manifest that sets it stands for one.
      const ingress = manifestIngress(sent);
      if (ingress) obj.status.loadBalancer.ingress = ingress;
    }
    this.store.put(obj);
  }

  /** A pod's status is kubelet's; a manifest that pins one (a test fixture) keeps it. */
  private commitPod(obj: Pod, sent: JsonObject): void {
    const raw = (sent.status ?? {}) as Raw;
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const pinnedStatus = manifestPodStatus(sent);
    if (pinnedStatus) obj.status = pinnedStatus;
    if (raw.phase !== undefined || raw.conditions !== undefined) {
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
      if (prev) this.releasePodIps(prev);
      for (const ip of obj.status.podIPs)
        this.ipamFor(obj.spec.nodeName)
          ?.find((r) => r.contains(ip))
          ?.take(ip);
    }
  }

  /** Stores an object built in code (profile built-ins): services still go through allocation bookkeeping. */
  putBuiltin(obj: KubeObject): void {
    if (obj.kind === "Service") this.allocators.retake(obj);
    if (obj.kind === "Pod") this.pinned.add(`${obj.metadata.namespace}/${obj.metadata.name}`);
    if (obj.kind === "Node") this.assignNodeCidrs(obj);
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
    if (obj.kind === "Namespace")
      for (const o of this.api.inNamespace(name))
        if (this.store.get(o.kind, name, o.name)) this.remove(o.kind, name, o.name);
    if (obj.kind === "Service") this.allocators.release(obj);
    this.api.forget(apiKindOf(obj), namespace, name);
    this.store.remove(kind, namespace, name);
    this.pinned.delete(`${namespace}/${name}`);
    this.reconcile();
    return true;
  }

  /** Re-admits an edited manifest form of an existing object (label/patch/scale). */
  readmit(obj: KubeObject, manifest: Raw): void {
    const loc = obj.metadata.source ?? { path: "<patch>", line: 1, column: 1 };
    const wasPinned = this.pinned.has(`${obj.metadata.namespace}/${obj.metadata.name}`);
    try {
      // What the runtime changed since admission (binding, status) is part of the live object the edit
      // is checked against, as in a real cluster.
      this.api.remember(toManifest(obj) as JsonObject);
      // The edited object goes back as JSON text, located at the object's own manifest.
      this.api.apply(
        { path: loc.path, text: JSON.stringify(manifest), line: loc.line, column: loc.column ?? 0 },
        true,
      );
      if (obj.kind === "Pod" && !wasPinned)
        this.pinned.delete(`${obj.metadata.namespace}/${obj.metadata.name}`);
    } finally {
      this.reconcile();
    }
  }

  manifest(obj: KubeObject): Raw {
    return toManifest(obj);
  }

  // ---- controllers ----

  /** Runs every controller until nothing is dirty (bounded, to fail loudly on a livelock). */
  /**
   * No CNI configured (a fault): pods that still need an address stay Pending in ContainerCreating,
   * as kubelet cannot set up their sandbox ("network plugin is not ready: cni config uninitialized").
   */
  cniMissing = false;

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
    this.nodeList = undefined;
    this.store.put({ ...node, status: { ...node.status, conditions } });
    this.retryWaiting();
    this.reconcile();
  }

  /** Takes every free address of the node's pod ranges (host-local exhaustion); returns the undo. */
  exhaustIpam(node: string): () => void {
    const taken: { r: NodeIpam; ip: string }[] = [];
    for (const r of this.ipamFor(node) ?? []) {
      for (let ip = r.next(); ip !== undefined; ip = r.next()) taken.push({ r, ip });
    }
    return () => {
      for (const t of taken) t.r.release(t.ip);
      this.retryWaiting();
      this.reconcile();
    };
  }

  reconcile(): void {
    for (let round = 0; round < 50; round++) {
      let work = false;
      if (this.dirtyWorkloads.size) {
        work = true;
        const keys = [...this.dirtyWorkloads].sort();
        this.dirtyWorkloads.clear();
        for (const key of keys) {
          const [kind, ns, name] = key.split("/") as [string, string, string];
          const w = this.store.get(kind, ns, name) as Workload | undefined;
          if (w && WORKLOAD_KINDS.has(w.kind)) reconcileWorkload(this.workloadDeps(), w);
        }
      }
      if (this.unplaced.size) {
        work = true;
        const keys = [...this.unplaced];
        this.unplaced.clear();
        for (const key of keys) {
          const slash = key.indexOf("/");
          const pod = this.store.pod(key.slice(0, slash), key.slice(slash + 1));
          if (pod) this.place(pod);
        }
      }
      if (this.allServicesDirty) {
        this.allServicesDirty = false;
        for (const s of this.store.services())
          this.dirtyServices.add(`${s.metadata.namespace}/${s.metadata.name}`);
      }
      if (this.dirtyServices.size) {
        work = true;
        const keys = [...this.dirtyServices].sort();
        this.dirtyServices.clear();
        const deps = {
          store: this.store,
          rng: this.nameRng,
          newMeta: () => this.newMeta(),
          selectPods: (ns: string, sel: Record<string, string>) => this.selectPods(ns, sel),
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
      store: this.store,
      rng: this.nameRng,
      newMeta: () => this.newMeta(),
      ownedPods: (uid: string) => this.ownedPods(uid),
      schedulable: (node: Node, tolerations: unknown[]) => {
        const t = this.config.taints.get(node.metadata.name);
        return !node.spec.unschedulable && (!t || tolerates(tolerations, t));
      },
    };
  }

  private needsPlacement(p: Pod): boolean {
    if (p.status.phase === "Succeeded" || p.status.phase === "Failed") return false;
    if (!p.spec.nodeName) return true;
    if (p.status.podIPs.length === 0) return true;
    return (
      !this.pinned.has(`${p.metadata.namespace}/${p.metadata.name}`) &&
      !podIsReady(p) &&
      p.status.phase !== "Running"
    );
  }

  private place(pod: Pod): void {
    const next: Pod = { ...pod, spec: { ...pod.spec }, status: { ...pod.status } };
    const pinned = this.pinned.has(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!next.spec.nodeName) {
      const r = pickNode(
        {
          nodes: () => (this.nodeList ??= [...this.store.nodes()]),
          podCount: (n) => this.podCount(n),
          tainted: (n) => this.config.taints.get(n),
        },
        pod,
      );
      if (!r.node) {
        next.status = {
          ...next.status,
          phase: pinned ? next.status.phase : "Pending",
          reason: "Unschedulable",
          message: r.message,
        };
        next.status.conditions = [
          { type: "PodScheduled", status: "False", reason: "Unschedulable", message: r.message },
        ];
        this.parkPod(next);
        return;
      }
      next.spec.nodeName = r.node;
    }
    const node = this.store.node(next.spec.nodeName!);
    if (!node) {
      // Bound to a node that does not exist: no kubelet ever starts it, so it stays Pending (until
      // kube-controller-manager's PodGC deletes such orphans, pkg/controller/podgc gcOrphaned).
      const message = `node "${next.spec.nodeName}" not found`;
      next.status = {
        ...next.status,
        phase: pinned ? next.status.phase : "Pending",
        reason: "NodeNotFound",
        message,
      };
      this.parkPod(next);
      return;
    }
    const hostIP = node?.status.addresses.find((a) => a.type === "InternalIP")?.address;
    next.status.hostIP ??= hostIP;
    // Pinned pod IPs inside the node's range are reserved so host-local never hands them out again.
    if (!next.spec.hostNetwork)
      for (const ip of next.status.podIPs)
        this.ipamFor(next.spec.nodeName)
          ?.find((r) => r.contains(ip))
          ?.take(ip);
    if (next.status.podIPs.length === 0 && !next.spec.hostNetwork && this.cniMissing) {
      const message =
        "network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
      this.parkUncreated(next, pinned, "ContainerCreating", message);
      return;
    }
    if (next.status.podIPs.length === 0) {
      if (next.spec.hostNetwork) {
        const ips = node?.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address) ?? [];
        next.status.podIPs = ips;
        next.status.podIP = ips[0];
      } else {
        const ranges = this.ipamFor(next.spec.nodeName);
        const ips: string[] = [];
        let failed: NodeIpam | undefined;
        for (const r of ranges ?? []) {
          const ip = r.next();
          if (!ip) {
            failed = r;
            break;
          }
          ips.push(ip);
        }
        if (!ranges || ranges.length === 0 || failed) {
          for (const [i, ip] of ips.entries()) ranges?.[i]?.release(ip);
          const message = failed
            ? `failed to allocate for range 0: no IP addresses available in range set: ${failed.rangeText()}`
            : `node ${next.spec.nodeName} has no podCIDR`;
          this.parkUncreated(next, pinned, failed ? "IPAMExhausted" : "NetworkPluginNotReady", message);
          return;
        }
        next.status.podIPs = ips;
        next.status.podIP = ips[0];
      }
    }
    if (!pinned) {
      next.status.phase = "Running";
      next.status.reason = undefined;
      next.status.message = undefined;
      next.status.conditions = lifecycleConditions(true);
    }
    this.store.put(next);
  }

  /** A scheduled pod whose sandbox cannot be created (no CNI, no address): Pending until that changes. */
  private parkUncreated(next: Pod, pinned: boolean, reason: string, message: string): void {
    next.status = { ...next.status, phase: pinned ? next.status.phase : "Pending", reason, message };
    next.status.conditions = [
      { type: "PodScheduled", status: "True" },
      { type: "Ready", status: "False", reason: "ContainersNotReady", message },
    ];
    this.parkPod(next);
  }

  /** Stores a pod that could not be placed and parks it until something it waits for changes. */
  private parkPod(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.waiting.add(key);
    this.store.put(pod);
  }

  private podCount(node: string): number {
    return this.store.podCountOnNode(node);
  }

  private releasePodIps(pod: Pod): void {
    if (pod.spec.hostNetwork) return;
    const ranges = this.ipamFor(pod.spec.nodeName);
    for (const ip of pod.status.podIPs) ranges?.find((r) => r.contains(ip))?.release(ip);
  }

  private ipamFor(node: string | undefined): NodeIpam[] | undefined {
    if (!node) return undefined;
    let r = this.ipam.get(node);
    if (!r) {
      const n = this.store.node(node);
      if (!n || n.spec.podCIDRs.length === 0) return undefined;
      r = n.spec.podCIDRs.map((c) => new NodeIpam(c));
      this.ipam.set(node, r);
    }
    return r;
  }

  /**
   * kube-controller-manager's range allocator: each new node without a pinned podCIDR gets the next
   * free /hostPrefix of every cluster CIDR, in node-creation order.
   */
  private assignNodeCidrs(node: Node): void {
    if (node.spec.podCIDRs.length > 0) return;
    const prev = this.store.node(node.metadata.name);
    if (prev && prev.spec.podCIDRs.length > 0) {
      node.spec.podCIDR = prev.spec.podCIDR;
      node.spec.podCIDRs = [...prev.spec.podCIDRs];
      return;
    }
    const taken = new Set<string>();
    for (const n of this.store.nodes()) for (const c of n.spec.podCIDRs) taken.add(c);
    const cidrs: string[] = [];
    for (const cc of this.config.info.podCidrs) {
      const c = parseCidr(cc);
      if (!c) continue;
      const prefix = c.family === 4 ? this.config.info.hostPrefix : Math.max(c.prefix, 64);
      for (let i = this.nextNodeSubnet; ; i++) {
        const s = subnet(c, prefix, i);
        if (!s) break;
        const text = formatCidr(s);
        if (!taken.has(text)) {
          cidrs.push(text);
          break;
        }
      }
    }
    this.nextNodeSubnet++;
    if (cidrs.length === 0) return;
    node.spec.podCIDR = cidrs[0];
    node.spec.podCIDRs = cidrs;
  }

  configMap(namespace: string, name: string): ConfigMap | undefined {
    return this.store.configMap(namespace, name);
  }
}

function lifecycleConditions(ready: boolean): Pod["status"]["conditions"] {
  const s = ready ? "True" : "False";
  return [
    { type: "PodReadyToStartContainers", status: s },
    { type: "Initialized", status: "True" },
    { type: "Ready", status: s },
    { type: "ContainersReady", status: s },
    { type: "PodScheduled", status: "True" },
  ];
}
