/**
 * The indexed object store behind ClusterView. Objects are replaced, never mutated in place, through
 * put()/remove(); each put re-indexes from a snapshot of the keys the previous version was indexed
 * under, so every lookup the DNS and datapath need is a Map hit.
 */
import type { Clock } from "../support/index.js";
import type {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  ConfigMap,
  EndpointSlice,
  KubeObject,
  Namespace,
  NetworkPolicy,
  Node,
  Pod,
  Service,
  StoredObject,
} from "./model.js";
import { NodeLoad } from "./node-load.js";
import { MultiIndex } from "./multi-index.js";
import type { ClusterInfo, ClusterView } from "./view.js";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
/** sigs.k8s.io/mcs-api v1alpha1 LabelServiceName: the multi-cluster service a slice belongs to. */
export const MCS_SERVICE_NAME_LABEL = "multicluster.kubernetes.io/service-name";
const MCS_GROUP = "multicluster.x-k8s.io/";

/** Store key of an object: `Kind/namespace/name`. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The kind an object is stored under: its own, or the API kind of a StoredObject (Secret, ...). */
export function storeKind(obj: KubeObject): string {
  return obj.kind === "Stored" ? obj.apiKind : obj.kind;
}

const NO_IPS: string[] = Object.freeze([]) as unknown as string[];

interface IndexSnapshot {
  ips: string[];
  node?: string;
  sliceService?: string;
  mcsService?: string;
}

function addTo<V>(map: Map<string, Map<string, V>>, outer: string, inner: string, value: V): void {
  let m = map.get(outer);
  if (!m) map.set(outer, (m = new Map()));
  m.set(inner, value);
}

function removeFrom<V>(map: Map<string, Map<string, V>>, outer: string, inner: string): void {
  const m = map.get(outer);
  if (!m) return;
  m.delete(inner);
  if (m.size === 0) map.delete(outer);
}

/** DNS-relevant kinds bump lastChangeUnix (CoreDNS uses the newest change as its SOA serial). */
const DNS_KINDS = new Set(["Service", "EndpointSlice", "Pod", "Namespace"]);

export class ClusterStore implements ClusterView {
  revision = 0;
  lastChangeUnix: number;
  lastMulticlusterChangeUnix = 0;
  private readonly all = new Map<string, KubeObject>();
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  private readonly indexed = new Map<string, IndexSnapshot>();
  private readonly podsNs = new Map<string, Map<string, Pod>>();
  private readonly podsIp = new MultiIndex<Pod>();
  private readonly podsNode = new Map<string, Map<string, Pod>>();
  private readonly svcNs = new Map<string, Map<string, Service>>();
  private readonly svcIp = new MultiIndex<Service>();
  private readonly slicesSvc = new MultiIndex<EndpointSlice>();
  private readonly slicesIp = new MultiIndex<EndpointSlice>();
  private readonly slicesMcs = new MultiIndex<EndpointSlice>();
  private readonly netpolNs = new Map<string, Map<string, NetworkPolicy>>();
  /**
   * Namespaces and nodes by name: admission asks for a namespace's phase and pod start for its node
   * once per pod, and a lookup in `all` builds and hashes a fresh `Kind//name` key each time.
   */
  private readonly namespacesByName = new Map<string, Namespace>();
  private readonly nodesByName = new Map<string, Node>();
  /** Nodes by bound pod count, for the scheduler (node-load.ts). */
  readonly load = new NodeLoad();
  private listeners: ((before: KubeObject | undefined, after: KubeObject | undefined) => void)[] = [];

  constructor(
    public info: ClusterInfo,
    private readonly clock: Clock,
  ) {
    this.lastChangeUnix = clock.epochSeconds;
  }

  /**
   * A frozen copy: what an informer cache holds when its watch stops (the apiserver-down fault). The
   * objects are shared (they are never mutated after a put), their metadata copied.
   */
  snapshot(): ClusterStore {
    const copy = new ClusterStore(this.info, this.clock);
    for (const obj of this.all.values()) copy.put({ ...obj, metadata: { ...obj.metadata } } as KubeObject);
    copy.lastChangeUnix = this.lastChangeUnix;
    copy.lastMulticlusterChangeUnix = this.lastMulticlusterChangeUnix;
    return copy;
  }

  /** Called on every put/remove with the old and new version (controllers track dirty sets with it). */
  onChange(listener: (before: KubeObject | undefined, after: KubeObject | undefined) => void): void {
    this.listeners.push(listener);
  }

  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.all.get(objectKey(kind, namespace, name));
  }

  list(kind: string): Iterable<KubeObject> {
    return this.byKind.get(kind)?.values() ?? [];
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  put(obj: KubeObject): void {
    const kind = storeKind(obj);
    const key = objectKey(kind, obj.metadata.namespace, obj.metadata.name);
    const before = this.all.get(key);
    if (before) this.unindex(key, before);
    this.revision++;
    obj.metadata.resourceVersion = this.revision;
    this.all.set(key, obj);
    addTo(this.byKind, kind, key, obj);
    this.index(key, obj);
    this.touched(kind, before, obj, before !== undefined);
    for (const l of this.listeners) l(before, obj);
  }

  remove(kind: string, namespace: string, name: string): KubeObject | undefined {
    const key = objectKey(kind, namespace, name);
    const before = this.all.get(key);
    if (!before) return undefined;
    this.unindex(key, before);
    this.all.delete(key);
    removeFrom(this.byKind, kind, key);
    if (before.kind === "Node") this.load.removeNode(name);
    this.revision++;
    this.touched(kind, before, undefined, false);
    for (const l of this.listeners) l(before, undefined);
    return before;
  }

  private touched(
    kind: string,
    before: KubeObject | undefined,
    after: KubeObject | undefined,
    update: boolean,
  ): void {
    const now = this.clock.epochSeconds + Math.floor(this.clock.now() / 1000);
    const mcs = isMulticlusterObject(before) || isMulticlusterObject(after);
    // controller.go: Add and Delete bump `modified` for every watched object (ServiceImports too);
    // only an Update of a ServiceImport or multicluster slice bumps multiClusterModified (detectChanges).
    if (DNS_KINDS.has(kind) || (mcs && !update)) this.lastChangeUnix = now;
    if (mcs && update) this.lastMulticlusterChangeUnix = now;
  }

  private index(key: string, obj: KubeObject): void {
    const ns = obj.metadata.namespace;
    const name = obj.metadata.name;
    switch (obj.kind) {
      case "Pod": {
        // The pod's own list (status lists are replaced, never changed in place), not a copy per put.
        const ips = obj.status.podIPs.length
          ? obj.status.podIPs
          : obj.status.podIP
            ? [obj.status.podIP]
            : NO_IPS;
        addTo(this.podsNs, ns, name, obj);
        for (const ip of ips) this.podsIp.add(ip, key, obj);
        if (obj.spec.nodeName) {
          addTo(this.podsNode, obj.spec.nodeName, key, obj);
          this.load.setCount(obj.spec.nodeName, this.podCountOnNode(obj.spec.nodeName));
        }
        this.indexed.set(key, { ips, node: obj.spec.nodeName });
        break;
      }
      case "Service": {
        const ips = obj.spec.clusterIPs.filter((ip) => ip !== "None");
        addTo(this.svcNs, ns, name, obj);
        for (const ip of ips) this.svcIp.add(ip, key, obj);
        this.indexed.set(key, { ips });
        break;
      }
      case "EndpointSlice": {
        const svc = obj.metadata.labels[SERVICE_NAME_LABEL];
        const ips = obj.endpoints.flatMap((e) => e.addresses);
        const mcs = obj.metadata.labels[MCS_SERVICE_NAME_LABEL];
        if (svc !== undefined) this.slicesSvc.add(`${ns}/${svc}`, name, obj);
        if (mcs !== undefined) this.slicesMcs.add(`${ns}/${mcs}`, name, obj);
        for (const ip of ips) this.slicesIp.add(ip, key, obj);
        this.indexed.set(key, { ips, sliceService: svc, mcsService: mcs });
        break;
      }
      case "NetworkPolicy":
        addTo(this.netpolNs, ns, name, obj);
        break;
      case "Node":
        // Kept under the key `get("Node", "", name)` finds (a cluster-scoped object's namespace is "").
        if (ns === "") this.nodesByName.set(name, obj);
        this.load.putNode(obj);
        break;
      case "Namespace":
        if (ns === "") this.namespacesByName.set(name, obj);
        break;
      default:
        break;
    }
  }

  private unindex(key: string, obj: KubeObject): void {
    const ns = obj.metadata.namespace;
    const name = obj.metadata.name;
    const snap = this.indexed.get(key);
    this.indexed.delete(key);
    switch (obj.kind) {
      case "Pod":
        removeFrom(this.podsNs, ns, name);
        for (const ip of snap?.ips ?? []) this.podsIp.remove(ip, key);
        if (snap?.node) {
          removeFrom(this.podsNode, snap.node, key);
          this.load.setCount(snap.node, this.podCountOnNode(snap.node));
        }
        break;
      case "Service":
        removeFrom(this.svcNs, ns, name);
        for (const ip of snap?.ips ?? []) this.svcIp.remove(ip, key);
        break;
      case "EndpointSlice":
        if (snap?.sliceService !== undefined) this.slicesSvc.remove(`${ns}/${snap.sliceService}`, name);
        if (snap?.mcsService !== undefined) this.slicesMcs.remove(`${ns}/${snap.mcsService}`, name);
        for (const ip of snap?.ips ?? []) this.slicesIp.remove(ip, key);
        break;
      case "NetworkPolicy":
        removeFrom(this.netpolNs, ns, name);
        break;
      case "Node":
        if (ns === "") this.nodesByName.delete(name);
        break;
      case "Namespace":
        if (ns === "") this.namespacesByName.delete(name);
        break;
      default:
        break;
    }
  }

  // ClusterView

  namespaces(): Iterable<Namespace> {
    return this.list("Namespace") as Iterable<Namespace>;
  }
  namespace(name: string): Namespace | undefined {
    return this.namespacesByName.get(name);
  }
  services(): Iterable<Service> {
    return this.list("Service") as Iterable<Service>;
  }
  service(namespace: string, name: string): Service | undefined {
    return this.svcNs.get(namespace)?.get(name);
  }
  servicesIn(namespace: string): Iterable<Service> {
    return this.svcNs.get(namespace)?.values() ?? [];
  }
  servicesByClusterIP(ip: string): Service[] {
    return this.svcIp.values(ip);
  }
  endpointSlicesFor(namespace: string, service: string): EndpointSlice[] {
    return this.slicesSvc.values(`${namespace}/${service}`);
  }
  multiclusterSlicesFor(namespace: string, service: string): EndpointSlice[] {
    return this.slicesMcs.values(`${namespace}/${service}`);
  }
  serviceImport(namespace: string, name: string): StoredObject | undefined {
    const o = this.get("ServiceImport", namespace, name);
    return o && isMulticlusterObject(o) ? (o as StoredObject) : undefined;
  }
  *serviceImports(): Iterable<StoredObject> {
    for (const o of this.list("ServiceImport")) if (isMulticlusterObject(o)) yield o as StoredObject;
  }
  endpointSlicesByAddress(ip: string): EndpointSlice[] {
    return this.slicesIp.values(ip);
  }
  endpointSlices(): Iterable<EndpointSlice> {
    return this.list("EndpointSlice") as Iterable<EndpointSlice>;
  }
  pods(): Iterable<Pod> {
    return this.list("Pod") as Iterable<Pod>;
  }
  pod(namespace: string, name: string): Pod | undefined {
    return this.podsNs.get(namespace)?.get(name);
  }
  podsIn(namespace: string): Iterable<Pod> {
    return this.podsNs.get(namespace)?.values() ?? [];
  }
  podsByIP(ip: string): Pod[] {
    return this.podsIp.values(ip);
  }
  podsOnNode(node: string): Iterable<Pod> {
    return this.podsNode.get(node)?.values() ?? [];
  }
  /** Number of pods bound to a node (O(1), for the scheduler). */
  podCountOnNode(node: string): number {
    return this.podsNode.get(node)?.size ?? 0;
  }
  nodes(): Iterable<Node> {
    return this.list("Node") as Iterable<Node>;
  }
  node(name: string): Node | undefined {
    return this.nodesByName.get(name);
  }
  networkPolicies(): Iterable<NetworkPolicy> {
    return this.list("NetworkPolicy") as Iterable<NetworkPolicy>;
  }
  networkPoliciesIn(namespace: string): Iterable<NetworkPolicy> {
    return this.netpolNs.get(namespace)?.values() ?? [];
  }
  adminNetworkPolicies(): Iterable<AdminNetworkPolicy> {
    return this.list("AdminNetworkPolicy") as Iterable<AdminNetworkPolicy>;
  }
  baselineAdminNetworkPolicy(): BaselineAdminNetworkPolicy | undefined {
    return this.get("BaselineAdminNetworkPolicy", "", "default") as BaselineAdminNetworkPolicy | undefined;
  }
  configMap(namespace: string, name: string): ConfigMap | undefined {
    return this.get("ConfigMap", namespace, name) as ConfigMap | undefined;
  }
}

/** A multicluster.x-k8s.io ServiceImport or a slice labelled for a multi-cluster service. */
function isMulticlusterObject(o: KubeObject | undefined): boolean {
  if (!o) return false;
  if (o.kind === "Stored") return o.apiKind === "ServiceImport" && o.apiVersion.startsWith(MCS_GROUP);
  return o.kind === "EndpointSlice" && o.metadata.labels[MCS_SERVICE_NAME_LABEL] !== undefined;
}
