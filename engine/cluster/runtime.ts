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
import {
  ApiServer,
  apiKindOf,
  DEFAULT_KUBERNETES_VERSION,
  manifestIngress,
  manifestPodStatus,
  parseKubeVersion,
  randomUid,
  type JsonObject,
} from "./intake/index.js";
import { ControllerLoop } from "./controller-loop.js";
import { toManifest } from "./manifest-form.js";
import { LabelIndex } from "./label-index.js";
import { PodAddresses } from "./pod-addresses.js";
import type { PodIpamKind } from "./controllers/placement.js";
import { lifecycleConditions } from "./pod-start.js";
import {
  declaredPortListens,
  probeReadiness,
  readinessConditions,
  type ProbeListener,
} from "./readiness-probe.js";

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
  /** Who allocates pod addresses (host-local unless the CNI is OVN-Kubernetes). */
  podIpam?: PodIpamKind;
}

type Raw = Record<string, unknown>;

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
  /**
   * What answers readiness probes in a pod: its declared container ports, unless a process the engine
   * runs itself answers (the DNS deployment installs CoreDNS's plugin/ready).
   */
  probeListener: ProbeListener = declaredPortListens;
  /** Admission: the in-process API server's front door (intake/api-server.ts). */
  readonly api: ApiServer;

  constructor(readonly config: RuntimeConfig) {
    this.store = new ClusterStore(config.info, config.clock);
    this.index = new LabelIndex(this.store);
    this.addresses = new PodAddresses(this.store, config.info, config.podIpam);
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
      probe: (pod) => probeReadiness(pod, this.probeListener),
      configChanged: (obj) => this.onConfigChange?.(obj),
    });
    this.store.onChange((before, after) => this.loop.track(before, after));
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
    return { uid: randomUid(this.uidRng), creationMs: this.config.clock.now() };
  }

  ownedPods(uid: string): Pod[] {
    return this.index.ownedPods(uid);
  }

  /** Pods of a namespace matching a map selector, from the smallest label bucket. */
  selectPods(namespace: string, selector: Record<string, string>): Iterable<Pod> {
    return this.index.selectPods(namespace, selector);
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
    if (obj.kind === "Node") this.addresses.assignNodeCidrs(obj);
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
      if (prev) this.addresses.release(prev);
      this.addresses.reserve(obj.spec.nodeName, obj.status.podIPs);
    }
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

  // ---- status written by kubelet and the node lifecycle controller ----

  /**
   * Sets one pod condition (and Ready's companion ContainersReady), as kubelet reports readiness. A pod
   * the lifecycle owns (not pinned) becomes Ready only if its readiness probes succeed: a healed fault
   * does not make a pod Ready whose probe never succeeds.
   */
  setPodReady(pod: Pod, ready: boolean, reason?: string): void {
    const status = ready ? "True" : "False";
    const conditions = pod.status.conditions.filter(
      (c) => c.type !== "Ready" && c.type !== "ContainersReady",
    );
    const extra = reason && !ready ? { reason } : {};
    const probed =
      ready && !this.pinned.has(`${pod.metadata.namespace}/${pod.metadata.name}`)
        ? probeReadiness(pod, this.probeListener)
        : undefined;
    if (probed && !probed.ready) conditions.push(...readinessConditions(probed));
    else conditions.push({ type: "Ready", status, ...extra }, { type: "ContainersReady", status, ...extra });
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
