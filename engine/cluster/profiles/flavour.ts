/**
 * What distinguishes one cluster flavour from another when it is freshly installed: default CIDRs,
 * node names and addresses, the node resolv.conf, the control-plane taint and role labels, and the
 * DNS add-on (its Service, Corefile ConfigMap and CoreDNS workload). buildProfile (index.ts) turns a
 * flavour and the scenario's settings into the cluster's built-in objects.
 */

export interface NodeName {
  name: string;
  controlPlane: boolean;
}

/** What the DNS add-on's manifests are rendered with. */
export interface AddonContext {
  domain: string;
  /** `clusterIP`/`clusterIPs`/`ipFamilies`/`ipFamilyPolicy` lines of a Service spec for these IPs. */
  ipFields(ips: string[]): string;
  dnsIPs: string[];
}

export interface Flavour {
  /** Default CIDRs (none for custom) and the per-node pod CIDR prefix. */
  defaults: { service: string[]; pods: string[]; hostPrefix: number };
  /** Node names for `count` nodes (undefined: the flavour's default size). */
  nodes(count: number | undefined): NodeName[];
  /** The i-th node's InternalIP. */
  nodeIp(i: number): string;
  /** Namespaces beyond default, kube-system, kube-public and kube-node-lease. */
  namespaces: string[];
  /** Taint key of control-plane nodes when the cluster has workers. */
  controlPlaneTaint: string;
  /** The node's role labels, as the flow map entries of a YAML `labels:`. */
  roleLabels(controlPlane: boolean): string;
  nodeResolvConf: string;
  dnsService: { namespace: string; name: string };
  corefileConfigMap: { namespace: string; name: string };
  /** Port the CoreDNS pods listen on. */
  dnsPodPort: number;
  /** The DNS add-on's manifests (applied after the `kubernetes` Service and its EndpointSlice). */
  dnsAddon(ctx: AddonContext): string[];
  /**
   * OpenShift: the cluster networks are cut per entry as OVN-Kubernetes does (ClusterInfo
   * clusterNetworks), and the install writes them into the Network CRs these manifests are.
   */
  network?: {
    /** hostPrefix of an IPv6 pod CIDR given without one (the installer's default /64). */
    ipv6HostPrefix: number;
    manifests(ctx: NetworkContext): string[];
  };
}

/** The network an OpenShift cluster was installed with (its `cluster` Network config). */
export interface NetworkContext {
  clusterNetworks: { cidr: string; hostPrefix: number }[];
  serviceNetwork: string[];
  networkType: string;
  /** operator.openshift.io/v1 Network `cluster` as the install wrote it, if it did. */
  operatorConfig?: Record<string, unknown>;
}

/** One control-plane node and then workers, `count` in all (the default when undefined). */
export function oneControlPlane(
  controlPlane: string,
  worker: (i: number) => string,
  count: number,
): NodeName[] {
  const out = [{ name: controlPlane, controlPlane: true }];
  for (let i = 1; i < count; i++) out.push({ name: worker(i), controlPlane: false });
  return out;
}

/** YAML string quoting for generated manifests. */
export const q = (s: string): string => JSON.stringify(s);
