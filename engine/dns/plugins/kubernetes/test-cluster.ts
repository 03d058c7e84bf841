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
} from "../../../cluster/index.js";

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
  slice(
    namespace: string,
    service: string,
    eps: EpSpec[],
    ports: { name?: string; port: number; protocol?: string }[] = [],
    sliceName?: string,
  ): this {
    const endpoints: Endpoint[] = eps.map((e) => {
      const ep: Endpoint = { addresses: Array.isArray(e.ip) ? e.ip : [e.ip], conditions: {} };
      if (e.ready !== undefined) ep.conditions.ready = e.ready;
      if (e.hostname) ep.hostname = e.hostname;
      if (e.pod) ep.targetRef = { kind: "Pod", namespace, name: e.pod };
      if (e.zone) ep.zone = e.zone;
      return ep;
    });
    const list = this.slices.get(`${namespace}/${service}`) ?? [];
    const first = Array.isArray(eps[0]?.ip) ? eps[0]!.ip[0] : eps[0]?.ip;
    list.push({
      kind: "EndpointSlice",
      metadata: meta(namespace, sliceName ?? `${service}-slice${list.length + 1}`, {
        "kubernetes.io/service-name": service,
      }),
      addressType: first?.includes(":") ? "IPv6" : "IPv4",
      endpoints,
      ports: ports.map((p) => ({
        name: p.name ?? "",
        port: p.port,
        protocol: (p.protocol ?? "TCP") as "TCP",
      })),
      managed: true,
    });
    this.slices.set(`${namespace}/${service}`, list);
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
