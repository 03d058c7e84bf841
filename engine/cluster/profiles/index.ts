/**
 * Cluster profiles: the CIDRs, nodes and built-in objects a freshly installed cluster of each flavour
 * has, so scenarios start from what `kubectl get -A` would show there. Each flavour (kubeadm.ts,
 * kind.ts, openshift.ts; `custom` is kubeadm with the scenario's CIDRs) says what is its own;
 * buildProfile adds what every cluster has: the four standard namespaces, the nodes, the `kubernetes`
 * Service and its EndpointSlice (the control-plane nodes' addresses, port 6443).
 */
import { nthAddress, parseCidr, type Cidr } from "../../net/index.js";
import type { ClusterInfo } from "../view.js";
import type { Flavour, NodeName } from "./flavour.js";
import { KIND } from "./kind.js";
import { CUSTOM, KUBEADM } from "./kubeadm.js";
import { OPENSHIFT } from "./openshift.js";

export type ProfileName = ClusterInfo["profile"];

/** The cluster settings a profile is built from (ClusterSpec's cluster part). */
export interface ProfileSpec {
  profile: ProfileName;
  nodes?: number;
  serviceCidrs?: string[];
  podCidrs?: string[];
  hostPrefix?: number;
  /** OpenShift's clusterNetwork entries (each its own hostPrefix); overrides podCidrs/hostPrefix. */
  clusterNetworks?: { cidr: string; hostPrefix: number }[];
  /** OpenShift's spec.networkType (default OVNKubernetes). */
  networkType?: string;
  /** OpenShift's operator.openshift.io/v1 Network `cluster`, when the install came with one. */
  operatorNetwork?: Record<string, unknown>;
  clusterDomain?: string;
  nodeResolvConf?: string;
  /** Default CIDR families when none are given (kind's IPv6 defaults: fd00:10:96::/112, fd00:10:244::/56). */
  ipFamily?: "ipv4" | "ipv6" | "dual";
  /** false: namespaces and nodes only (see ClusterSpec.addons). */
  addons?: boolean;
}

export interface BuiltProfile {
  info: ClusterInfo;
  /** Tainted (NoSchedule) nodes and their taint key. */
  taints: Map<string, string>;
  /** kubelet `clusterDNS`. */
  clusterDns: string[];
  /** Addresses never allocated dynamically. */
  reservedServiceIPs: string[];
  /** Bare clusters take pinned cluster IPs outside the service CIDRs as written. */
  pinnedIPsAnywhere: boolean;
  nodeResolvConf: string;
  /** Where the served Corefile lives. */
  corefileConfigMap: { namespace: string; name: string };
  /** Port CoreDNS pods listen on (53, OpenShift 5353). */
  dnsPodPort: number;
  /** Built-in objects as YAML, applied through normal admission. */
  manifests: string;
}

const FLAVOURS: Record<ProfileName, Flavour> = {
  kubeadm: KUBEADM,
  kind: KIND,
  openshift: OPENSHIFT,
  custom: CUSTOM,
};

function need(field: "serviceCidrs" | "podCidrs"): never {
  throw new Error(`the custom profile needs explicit ${field === "serviceCidrs" ? "service" : "pod"} CIDRs`);
}

/** The scenario's CIDRs, else the flavour's defaults in the asked IP families. */
function cidrsOf(spec: ProfileSpec, d: Flavour["defaults"]): { serviceCidrs: string[]; podCidrs: string[] } {
  const withFamily = (v4: string[], v6: string[]) =>
    spec.ipFamily === "ipv6" ? v6 : spec.ipFamily === "dual" ? [...v4, ...v6] : v4;
  // A bare cluster is the manifests as written: both families, so IPv6 and dual-stack services of a
  // fake cluster are admitted without choosing an IP family first.
  const serviceCidrs = spec.serviceCidrs?.length
    ? spec.serviceCidrs
    : spec.profile === "custom"
      ? need("serviceCidrs")
      : spec.addons === false
        ? [...d.service, "fd00:10:96::/112"]
        : withFamily(d.service, ["fd00:10:96::/112"]);
  const podCidrs = spec.podCidrs?.length
    ? spec.podCidrs
    : spec.profile === "custom"
      ? need("podCidrs")
      : withFamily(d.pods, ["fd00:10:244::/56"]);
  return { serviceCidrs, podCidrs };
}

/** The namespaces and nodes every cluster has, as manifests. */
function baseDocs(flavour: Flavour, nodes: NodeName[]): string[] {
  const docs: string[] = [];
  for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease", ...flavour.namespaces])
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`);
  nodes.forEach((n, i) => {
    docs.push(
      `apiVersion: v1\nkind: Node\nmetadata: {name: ${n.name}, labels: {${flavour.roleLabels(n.controlPlane)}}}\nstatus:\n  addresses: [{type: InternalIP, address: ${flavour.nodeIp(i)}}, {type: Hostname, address: ${n.name}}]`,
    );
  });
  return docs;
}

/** The `kubernetes` Service and its EndpointSlice: the control-plane nodes' API servers. */
function kubernetesDocs(flavour: Flavour, nodes: NodeName[], ipFields: string): string[] {
  const cpIps = nodes.map((n, i) => ({ n, ip: flavour.nodeIp(i) })).filter((x) => x.n.controlPlane);
  const endpoints = cpIps.map((x) => `{addresses: [${x.ip}], conditions: {ready: true}}`).join(", ");
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}\nspec:\n  ${ipFields}\n  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]`,
    `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: kubernetes, namespace: default, labels: {"kubernetes.io/service-name": kubernetes}}\naddressType: IPv4\nendpoints: [${endpoints}]\nports: [{name: https, port: 6443, protocol: TCP}]`,
  ];
}

function parseServiceCidrs(cidrs: string[]): Cidr[] {
  return cidrs.map((c) => {
    const p = parseCidr(c);
    if (!p) throw new Error(`invalid service CIDR "${c}"`);
    return p;
  });
}

export function buildProfile(spec: ProfileSpec): BuiltProfile {
  const flavour = FLAVOURS[spec.profile];
  const cidrs = cidrsOf(spec, flavour.defaults);
  const serviceCidrs = cidrs.serviceCidrs;
  const podCidrs = spec.clusterNetworks?.map((c) => c.cidr) ?? cidrs.podCidrs;
  const hostPrefix = spec.clusterNetworks?.[0]?.hostPrefix ?? spec.hostPrefix ?? flavour.defaults.hostPrefix;
  const clusterNetworks = flavour.network
    ? (spec.clusterNetworks ??
      podCidrs.map((cidr) => ({
        cidr,
        hostPrefix: cidr.includes(":") ? flavour.network!.ipv6HostPrefix : hostPrefix,
      })))
    : undefined;
  const domain = spec.clusterDomain ?? "cluster.local";
  const svcCidrs = parseServiceCidrs(serviceCidrs);
  // The `kubernetes` service takes the first address; the DNS service the tenth (kubeadm's
  // GetDNSIP: offset 10 of the service CIDR; OpenShift's 172.30.0.10 likewise).
  const kubernetesIPs = svcCidrs.map((c) => nthAddress(c, 1)!);
  const dnsIPs = svcCidrs.map((c) => nthAddress(c, 10)!);
  const nodes = flavour.nodes(spec.nodes);
  const taints = new Map<string, string>();
  const hasWorkers = nodes.some((n) => !n.controlPlane);
  for (const n of nodes) if (n.controlPlane && hasWorkers) taints.set(n.name, flavour.controlPlaneTaint);
  const families = svcCidrs.map((c) => (c.family === 4 ? "IPv4" : "IPv6"));
  const policy = families.length > 1 ? "RequireDualStack" : "SingleStack";
  const ipFields = (ips: string[]) =>
    `clusterIP: ${ips[0]}\n  clusterIPs: [${ips.join(", ")}]\n  ipFamilies: [${families.join(", ")}]\n  ipFamilyPolicy: ${policy}`;
  const addons = spec.addons ?? true;
  const docs = baseDocs(flavour, nodes);
  if (addons)
    docs.push(
      ...kubernetesDocs(flavour, nodes, ipFields(kubernetesIPs)),
      ...flavour.dnsAddon({ domain, ipFields, dnsIPs }),
      ...(flavour.network && clusterNetworks
        ? flavour.network.manifests({
            clusterNetworks,
            serviceNetwork: serviceCidrs,
            networkType: spec.networkType ?? "OVNKubernetes",
            operatorConfig: spec.operatorNetwork,
          })
        : []),
    );
  return {
    info: {
      domain,
      serviceCidrs,
      podCidrs,
      hostPrefix,
      ...(clusterNetworks ? { clusterNetworks } : {}),
      dnsService: flavour.dnsService,
      profile: spec.profile,
    },
    taints,
    clusterDns: dnsIPs,
    // A bare cluster has no add-ons holding these addresses: every IP is the manifests' to claim.
    reservedServiceIPs: addons ? [...kubernetesIPs, ...dnsIPs] : [],
    pinnedIPsAnywhere: !addons,
    nodeResolvConf: spec.nodeResolvConf ?? flavour.nodeResolvConf,
    corefileConfigMap: flavour.corefileConfigMap,
    dnsPodPort: flavour.dnsPodPort,
    manifests: docs.join("\n---\n"),
  };
}
