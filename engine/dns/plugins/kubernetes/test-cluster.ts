/**
 * A tiny in-memory ClusterView for the DNS tests, with builders shaped like the fixtures of CoreDNS
 * plugin/kubernetes/handler_test.go (services, endpoint slices, namespaces, pods). Indexed like the
 * real store: by name, by cluster IP, by slice address and by pod IP.
 */
import type {
  ClusterView,
  EndpointSlice,
  Endpoint,
  Namespace,
  Pod,
  Service,
  ServicePort,
  StoredObject,
} from "../../../cluster/index.js";

type PortSpec = { name?: string; port: number; protocol?: string };

/** A multicluster.x-k8s.io/v1alpha1 ServiceImport's spec (type ClusterSetIP or Headless). */
export interface ImportSpec {
  type: "ClusterSetIP" | "Headless";
  ips?: string[];
  ports?: PortSpec[];
  labels?: Record<string, string>;
}

const meta = (namespace: string, name: string, labels: Record<string, string> = {}) => ({
  name,
  namespace,
  uid: `${namespace}/${name}`,
  labels,
  annotations: {},
  creationMs: 0,
  resourceVersion: 1,
  ownerReferences: [],
});

export interface SvcSpec {
  clusterIPs?: string[];
  type?: Service["spec"]["type"];
  ports?: { name?: string; port: number; protocol?: string }[];
  externalName?: string;
  labels?: Record<string, string>;
  externalIPs?: string[];
  /** status.loadBalancer.ingress. */
  ingress?: { ip?: string; hostname?: string }[];
}

export interface EpSpec {
  ip: string | string[];
  hostname?: string;
  ready?: boolean;
  pod?: string;
  zone?: string;
}

export class FakeCluster implements ClusterView {
  readonly info = {
    domain: "cluster.local",
    serviceCidrs: ["10.0.0.0/16"],
    podCidrs: ["172.0.0.0/16"],
    hostPrefix: 24,
    dnsService: { namespace: "kube-system", name: "kube-dns" },
    profile: "custom" as const,
  };
  revision = 1;
  lastChangeUnix = 1499347823;
  lastMulticlusterChangeUnix = 1499347823;
  private readonly imports = new Map<string, StoredObject>();
  private readonly mcSlices = new Map<string, EndpointSlice[]>();
  private readonly nss = new Map<string, Namespace>();
  private readonly svcs = new Map<string, Service>();
  private readonly slices = new Map<string, EndpointSlice[]>();
  private readonly pods_ = new Map<string, Pod>();

  ns(name: string, labels: Record<string, string> = {}): this {
    this.nss.set(name, { kind: "Namespace", metadata: meta("", name, labels), status: { phase: "Active" } });
    return this;
  }

  svc(namespace: string, name: string, s: SvcSpec = {}): this {
    const ips = s.clusterIPs ?? [];
    const ports: ServicePort[] = (s.ports ?? []).map((p) => ({
      name: p.name ?? "",
      port: p.port,
      protocol: (p.protocol ?? "TCP") as ServicePort["protocol"],
      targetPort: p.port,
    }));
    const spec: Service["spec"] = {
      type: s.type ?? (s.externalName ? "ExternalName" : "ClusterIP"),
      clusterIPs: ips,
      ipFamilies: [],
      ports,
      externalIPs: s.externalIPs ?? [],
      publishNotReadyAddresses: false,
      sessionAffinity: "None",
    };
    if (ips[0]) spec.clusterIP = ips[0];
    if (s.externalName !== undefined) spec.externalName = s.externalName;
    this.svcs.set(`${namespace}/${name}`, {
      kind: "Service",
      metadata: meta(namespace, name, s.labels),
      spec,
      status: { loadBalancer: { ingress: s.ingress ?? [] } },
    });
    return this;
  }

  /** An EndpointSlice labelled for `service`; `ports` omitted = a slice without ports. */
  slice(namespace: string, service: string, eps: EpSpec[], ports: PortSpec[] = [], sliceName?: string): this {
    const list = this.slices.get(`${namespace}/${service}`) ?? [];
    const name = sliceName ?? `${service}-slice${list.length + 1}`;
    list.push(makeSlice(namespace, name, { "kubernetes.io/service-name": service }, eps, ports));
    this.slices.set(`${namespace}/${service}`, list);
    return this;
  }

  /** A ServiceImport (kept as the API server keeps a custom resource: a StoredObject). */
  svcImport(namespace: string, name: string, s: ImportSpec): this {
    const ports = (s.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? "TCP" }));
    const spec = { type: s.type, ports, ...(s.ips ? { ips: s.ips } : {}) };
    this.imports.set(`${namespace}/${name}`, {
      kind: "Stored",
      apiVersion: "multicluster.x-k8s.io/v1alpha1",
      apiKind: "ServiceImport",
      metadata: meta(namespace, name, s.labels),
      body: { apiVersion: "multicluster.x-k8s.io/v1alpha1", kind: "ServiceImport", spec },
    });
    return this;
  }

  /** An EndpointSlice an MCS controller imported for `service` from `cluster` (mcs-api labels). */
  mcSlice(namespace: string, service: string, cluster: string, eps: EpSpec[], ports: PortSpec[] = []): this {
    const list = this.mcSlices.get(`${namespace}/${service}`) ?? [];
    const labels = {
      "multicluster.kubernetes.io/service-name": service,
      "multicluster.kubernetes.io/source-cluster": cluster,
    };
    list.push(makeSlice(namespace, `${service}-${cluster}-${list.length + 1}`, labels, eps, ports));
    this.mcSlices.set(`${namespace}/${service}`, list);
    return this;
  }

  addPod(
    namespace: string,
    name: string,
    ip: string,
    phase: Pod["status"]["phase"] = "Running",
    deleting = false,
  ): this {
    const m = meta(namespace, name);
    const p: Pod = {
      kind: "Pod",
      metadata: deleting ? { ...m, deletionMs: 1 } : m,
      spec: {
        hostNetwork: false,
        dnsPolicy: "ClusterFirst",
        hostAliases: [],
        setHostnameAsFQDN: false,
        containers: [],
        nodeSelector: {},
        tolerations: [],
      },
      status: { phase, podIP: ip, podIPs: [ip], conditions: [] },
    };
    this.pods_.set(`${namespace}/${name}`, p);
    return this;
  }

  namespaces() {
    return this.nss.values();
  }
  namespace(name: string) {
    return this.nss.get(name);
  }
  services() {
    return this.svcs.values();
  }
  service(namespace: string, name: string) {
    return this.svcs.get(`${namespace}/${name}`);
  }
  servicesIn(namespace: string) {
    return [...this.svcs.values()].filter((s) => s.metadata.namespace === namespace);
  }
  servicesByClusterIP(ip: string) {
    return [...this.svcs.values()].filter((s) => s.spec.clusterIPs.includes(ip));
  }
  endpointSlicesFor(namespace: string, service: string) {
    return this.slices.get(`${namespace}/${service}`) ?? [];
  }
  multiclusterSlicesFor(namespace: string, service: string) {
    return this.mcSlices.get(`${namespace}/${service}`) ?? [];
  }
  serviceImport(namespace: string, name: string) {
    return this.imports.get(`${namespace}/${name}`);
  }
  serviceImports() {
    return this.imports.values();
  }
  endpointSlicesByAddress(ip: string) {
    return [...this.slices.values()].flat().filter((s) => s.endpoints.some((e) => e.addresses.includes(ip)));
  }
  endpointSlices() {
    return [...this.slices.values()].flat();
  }
  pods() {
    return this.pods_.values();
  }
  pod(namespace: string, name: string) {
    return this.pods_.get(`${namespace}/${name}`);
  }
  podsIn(namespace: string) {
    return [...this.pods_.values()].filter((p) => p.metadata.namespace === namespace);
  }
  podsByIP(ip: string) {
    return [...this.pods_.values()].filter((p) => p.status.podIPs.includes(ip));
  }
  podsOnNode() {
    return [];
  }
  nodes() {
    return [];
  }
  node() {
    return undefined;
  }
  networkPolicies() {
    return [];
  }
  networkPoliciesIn() {
    return [];
  }
  adminNetworkPolicies() {
    return [];
  }
  baselineAdminNetworkPolicy() {
    return undefined;
  }
  configMap() {
    return undefined;
  }
}

function makeSlice(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  eps: EpSpec[],
  ports: PortSpec[],
): EndpointSlice {
  const endpoints: Endpoint[] = eps.map((e) => {
    const ep: Endpoint = { addresses: Array.isArray(e.ip) ? e.ip : [e.ip], conditions: {} };
    if (e.ready !== undefined) ep.conditions.ready = e.ready;
    if (e.hostname) ep.hostname = e.hostname;
    if (e.pod) ep.targetRef = { kind: "Pod", namespace, name: e.pod };
    if (e.zone) ep.zone = e.zone;
    return ep;
  });
  const first = Array.isArray(eps[0]?.ip) ? eps[0]!.ip[0] : eps[0]?.ip;
  return {
    kind: "EndpointSlice",
    metadata: meta(namespace, name, labels),
    addressType: first?.includes(":") ? "IPv6" : "IPv4",
    endpoints,
    ports: ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: (p.protocol ?? "TCP") as "TCP" })),
    managed: true,
  };
}
