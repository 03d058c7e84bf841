/**
 * The slim object model: the Kubernetes fields the engine's behaviour depends on, after API defaulting.
 * Field names and meanings follow the Kubernetes API exactly (core/v1, discovery/v1, networking/v1)
 * so manifests map onto them one to one. Everything here is plain data.
 */

/** Where an object came from: the manifest file and the 1-based line of its document. */
export interface SourceLocation {
  path: string;
  line: number;
  column: number;
}

export type Labels = Record<string, string>;

export interface ObjectMeta {
  name: string;
  /** Empty for cluster-scoped objects (Namespace, Node). */
  namespace: string;
  uid: string;
  labels: Labels;
  annotations: Labels;
  /** Virtual-clock milliseconds at creation. */
  creationMs: number;
  /** Set when a graceful delete is in progress (pod terminating). */
  deletionMs?: number;
  resourceVersion: number;
  ownerReferences: { kind: string; name: string; uid: string; controller?: boolean }[];
  source?: SourceLocation;
  /**
   * The object as the API server admitted it (decoded, defaulted, allocated: what
   * `kubectl get -o json` would show before controllers touch it), when it came through admission.
   */
  admitted?: Readonly<Record<string, unknown>>;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: string[];
}

/** apimachinery metav1.LabelSelector; `{}` selects everything. */
export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: LabelSelectorRequirement[];
}

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
  hostPort?: number;
}

export interface Container {
  name: string;
  image: string;
  ports: ContainerPort[];
  /** Probes matter only for readiness modelling; kept as given. */
  readinessProbe?: unknown;
  /** Where the pod's volumes appear in the container (CoreDNS reads its ConfigMap through one). */
  volumeMounts?: VolumeMount[];
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
}

/** A pod volume; only ConfigMap volumes are modelled (their keys become files), others by name. */
export interface PodVolume {
  name: string;
  /** `items` limit the keys projected (key → path); without them every key is a file of its name. */
  configMap?: { name: string; items?: { key: string; path: string }[] };
}

export interface PodDnsConfig {
  nameservers: string[];
  searches: string[];
  options: { name: string; value?: string }[];
}

export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
}

export interface Pod {
  kind: "Pod";
  metadata: ObjectMeta;
  spec: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    hostNetwork: boolean;
    dnsPolicy: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";
    dnsConfig?: PodDnsConfig;
    hostAliases: { ip: string; hostnames: string[] }[];
    setHostnameAsFQDN: boolean;
    containers: Container[];
    /** The pod's volumes (undefined when the object did not come through manifest intake). */
    volumes?: PodVolume[];
    nodeSelector: Labels;
    tolerations: unknown[];
  };
  status: {
    phase: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
    podIP?: string;
    podIPs: string[];
    hostIP?: string;
    conditions: PodCondition[];
    /** Why a pod is Pending (`Unschedulable`, `IPAMExhausted`, `NetworkPluginNotReady`, ...). */
    reason?: string;
    message?: string;
  };
}

export interface ServicePort {
  name: string;
  protocol: Protocol;
  port: number;
  /** Number or the name of a container port, resolved per pod by the EndpointSlice controller. */
  targetPort: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export interface Service {
  kind: "Service";
  metadata: ObjectMeta;
  spec: {
    type: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
    /** `None` for headless. */
    clusterIP?: string;
    clusterIPs: string[];
    ipFamilies: ("IPv4" | "IPv6")[];
    ipFamilyPolicy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
    /** Undefined = selectorless (endpoints managed by hand). */
    selector?: Labels;
    ports: ServicePort[];
    externalName?: string;
    externalIPs: string[];
    publishNotReadyAddresses: boolean;
    sessionAffinity: "None" | "ClientIP";
    sessionAffinityTimeoutSeconds?: number;
    externalTrafficPolicy?: "Cluster" | "Local";
    internalTrafficPolicy?: "Cluster" | "Local";
    loadBalancerIP?: string;
    trafficDistribution?: string;
  };
  status: { loadBalancer: { ingress: { ip?: string; hostname?: string }[] } };
}

export interface EndpointConditions {
  /** Unset is read as ready by consumers (CoreDNS, kube-proxy). */
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface Endpoint {
  addresses: string[];
  conditions: EndpointConditions;
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid?: string };
}

export interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: Protocol;
  appProtocol?: string;
}

export interface EndpointSlice {
  kind: "EndpointSlice";
  metadata: ObjectMeta;
  addressType: "IPv4" | "IPv6" | "FQDN";
  endpoints: Endpoint[];
  ports: EndpointPort[];
  /** True when the EndpointSlice controller owns it (label endpointslice.kubernetes.io/managed-by). */
  managed: boolean;
}

export interface Namespace {
  kind: "Namespace";
  metadata: ObjectMeta;
  status: { phase: "Active" | "Terminating" };
}

export interface Node {
  kind: "Node";
  metadata: ObjectMeta;
  spec: { podCIDR?: string; podCIDRs: string[]; unschedulable: boolean };
  status: {
    addresses: { type: "InternalIP" | "ExternalIP" | "Hostname"; address: string }[];
    conditions: { type: string; status: "True" | "False" | "Unknown"; reason?: string }[];
  };
}

export interface NetworkPolicyPort {
  protocol: Protocol;
  /** Absent = every port of the protocol. */
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except: string[] };
}

export interface NetworkPolicyRule {
  /** `from` (ingress) or `to` (egress); absent or empty = all peers. */
  peers?: NetworkPolicyPeer[];
  /** Absent or empty = all ports. */
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicy {
  kind: "NetworkPolicy";
  metadata: ObjectMeta;
  spec: {
    podSelector: LabelSelector;
    /** Defaulted by the API server: [Ingress] plus Egress when spec.egress is non-empty. */
    policyTypes: ("Ingress" | "Egress")[];
    /** Undefined when the manifest had no `ingress` key. */
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
}

export interface PodTemplate {
  metadata: { labels: Labels; annotations: Labels };
  spec: Pod["spec"];
}

/** Deployment, ReplicaSet, StatefulSet, DaemonSet and Job share what matters here. */
export interface Workload {
  kind: "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job";
  metadata: ObjectMeta;
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    /** StatefulSet: the governing (usually headless) service; pods get subdomain = serviceName. */
    serviceName?: string;
    /** Job: completions/parallelism collapse to the number of pods run. */
    parallelism?: number;
  };
}

export interface ConfigMap {
  kind: "ConfigMap";
  metadata: ObjectMeta;
  data: Record<string, string>;
}

/** operator.openshift.io/v1 DNS (the `default` CR drives the OpenShift Corefile). */
export interface OpenShiftDns {
  kind: "DNS";
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
}

/** config.openshift.io/v1 Network: cluster and service networks. */
export interface OpenShiftNetwork {
  kind: "Network";
  metadata: ObjectMeta;
  spec: {
    /** hostPrefix 0: unset. */
    clusterNetwork: { cidr: string; hostPrefix: number }[];
    serviceNetwork: string[];
    networkType: string;
  };
}

/**
 * An object of a kind the engine stores but does not model (Secret, ServiceAccount, RBAC, Ingress,
 * custom resources, ...): admitted and kept as the API returns it; networking ignores it.
 */
export interface StoredObject {
  kind: "Stored";
  /** The object's own apiVersion and kind (`v1`, `Secret`). */
  apiVersion: string;
  apiKind: string;
  metadata: ObjectMeta;
  /** The whole object as admitted. */
  body: Record<string, unknown>;
}

/*
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (kubernetes-sigs/network-policy-api apis/v1alpha1, v0.1.7: adminnetworkpolicy_types.go,
 * baselineadminnetworkpolicy_types.go, shared_types.go). Both are cluster-scoped; admission has
 * already checked every "exactly one field" rule, so exactly one member of each subject, peer and
 * port is set here.
 */
/** AdminNetworkPolicySubject / NamespacedPod: the pods a policy applies to (never hostNetwork ones). */
export type AdminPolicySubject =
  { namespaces: LabelSelector } | { pods: { namespaceSelector: LabelSelector; podSelector: LabelSelector } };

/**
 * A rule's peer. `nodes` and `networks` are egress-only (AdminNetworkPolicyEgressPeer);
 * `domainNames` is ANP egress only and matches FQDNs, which the reference datapath does not model.
 */
export type AdminPolicyPeer =
  | { namespaces: LabelSelector }
  | { pods: { namespaceSelector: LabelSelector; podSelector: LabelSelector } }
  | { nodes: LabelSelector }
  | { networks: string[] }
  | { domainNames: string[] };

/** AdminNetworkPolicyPort: exactly one of a port number, a named port or an inclusive range. */
export type AdminPolicyPort =
  | { portNumber: { protocol: Protocol; port: number } }
  | { namedPort: string }
  | { portRange: { protocol: Protocol; start: number; end: number } };

export type AdminPolicyAction = "Allow" | "Deny" | "Pass";

export interface AdminPolicyRule {
  /** Optional rule name (≤ 100 characters), for reasons. */
  name?: string;
  action: AdminPolicyAction;
  /** `from` (ingress) or `to` (egress): at least one. */
  peers: AdminPolicyPeer[];
  /** Absent = every port. */
  ports?: AdminPolicyPort[];
}

export interface AdminNetworkPolicy {
  kind: "AdminNetworkPolicy";
  metadata: ObjectMeta;
  spec: {
    /** 0–1000; lower values are checked first. */
    priority: number;
    subject: AdminPolicySubject;
    ingress: AdminPolicyRule[];
    egress: AdminPolicyRule[];
  };
}

/** The cluster's one BaselineAdminNetworkPolicy (named `default`); actions Allow and Deny only. */
export interface BaselineAdminNetworkPolicy {
  kind: "BaselineAdminNetworkPolicy";
  metadata: ObjectMeta;
  spec: {
    subject: AdminPolicySubject;
    ingress: AdminPolicyRule[];
    egress: AdminPolicyRule[];
  };
}

export type KubeObject =
  | StoredObject
  | AdminNetworkPolicy
  | BaselineAdminNetworkPolicy
  | Pod
  | Service
  | EndpointSlice
  | Namespace
  | Node
  | NetworkPolicy
  | Workload
  | ConfigMap
  | OpenShiftDns
  | OpenShiftNetwork;

export type ObjectKind = KubeObject["kind"];
