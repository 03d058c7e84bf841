/**
 * The read-only view of cluster state that DNS, the datapath and the resolver consume. Implemented by
 * the indexed store; every lookup is O(1) or O(result) so a 100k-pod cluster answers in microseconds.
 * Names are compared exactly (objects are stored lower-case, as the API requires).
 */
import type {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  ConfigMap,
  EndpointSlice,
  Namespace,
  NetworkPolicy,
  Node,
  Pod,
  Service,
  StoredObject,
} from "./model.js";

export interface ClusterInfo {
  /** Cluster domain, e.g. `cluster.local` (no trailing dot). */
  domain: string;
  serviceCidrs: string[];
  podCidrs: string[];
  hostPrefix: number;
  /**
   * OpenShift's clusterNetwork entries, each with its own hostPrefix: when set, node subnets are
   * allocated as OVN-Kubernetes' cluster manager does (the entries of a family in order, the next
   * free /hostPrefix of the first entry that has one) instead of one subnet of every pod CIDR.
   */
  clusterNetworks?: { cidr: string; hostPrefix: number }[];
  /** The cluster DNS service (kube-system/kube-dns, openshift-dns/dns-default). */
  dnsService: { namespace: string; name: string };
  profile: "kubeadm" | "kind" | "openshift" | "custom";
}

export interface ClusterView {
  readonly info: ClusterInfo;
  /** Bumped on every change; caches key on it. */
  readonly revision: number;
  /** Unix seconds of the last change of a DNS-relevant object (CoreDNS SOA serial). */
  readonly lastChangeUnix: number;

  namespaces(): Iterable<Namespace>;
  namespace(name: string): Namespace | undefined;

  services(): Iterable<Service>;
  service(namespace: string, name: string): Service | undefined;
  /** Services in a namespace. */
  servicesIn(namespace: string): Iterable<Service>;
  /** Services owning a cluster IP (normally at most one). */
  servicesByClusterIP(ip: string): Service[];

  /** Slices labelled kubernetes.io/service-name=<name> in the namespace. */
  endpointSlicesFor(namespace: string, service: string): EndpointSlice[];
  /**
   * Slices labelled multicluster.kubernetes.io/service-name=<name> in the namespace: what CoreDNS's
   * multicluster EndpointSlice watch indexes (plugin/kubernetes/controller.go, mcEpNameNamespaceIndex).
   */
  multiclusterSlicesFor(namespace: string, service: string): EndpointSlice[];
  /** multicluster.x-k8s.io ServiceImports (a CRD's objects, kept whole as StoredObjects). */
  serviceImport(namespace: string, name: string): StoredObject | undefined;
  serviceImports(): Iterable<StoredObject>;
  /**
   * Unix seconds of the last change of a ServiceImport or multicluster slice; 0 before any (CoreDNS's
   * multiClusterModified, the SOA serial of a multicluster zone).
   */
  readonly lastMulticlusterChangeUnix: number;
  /** Slices containing an address (for PTR). */
  endpointSlicesByAddress(ip: string): EndpointSlice[];
  endpointSlices(): Iterable<EndpointSlice>;

  pods(): Iterable<Pod>;
  pod(namespace: string, name: string): Pod | undefined;
  podsIn(namespace: string): Iterable<Pod>;
  podsByIP(ip: string): Pod[];
  podsOnNode(node: string): Iterable<Pod>;

  nodes(): Iterable<Node>;
  node(name: string): Node | undefined;

  networkPolicies(): Iterable<NetworkPolicy>;
  networkPoliciesIn(namespace: string): Iterable<NetworkPolicy>;

  /** policy.networking.k8s.io AdminNetworkPolicies (cluster-scoped), in no particular order. */
  adminNetworkPolicies(): Iterable<AdminNetworkPolicy>;
  /** The BaselineAdminNetworkPolicy `default`, if one exists. */
  baselineAdminNetworkPolicy(): BaselineAdminNetworkPolicy | undefined;

  configMap(namespace: string, name: string): ConfigMap | undefined;
}
