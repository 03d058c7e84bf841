/**
 * Cluster profiles: the CIDRs, nodes and built-in objects a freshly installed cluster of each flavour
 * has, so scenarios start from what `kubectl get -A` would show there.
 *
 * Choices that are conventions rather than upstream defaults:
 * - kubeadm has no default pod CIDR; 10.244.0.0/16 (flannel's and kind's convention) with /24 per node.
 *   kubeadm nodes are `control-plane`, `worker-0`.. at 192.168.0.10, .11, ..; their resolv.conf points at
 *   a LAN resolver `192.168.0.1`.
 * - kind nodes sit on the docker `kind` network 172.18.0.0/16 from 172.18.0.2 up; their resolv.conf
 *   points at the network gateway 172.18.0.1 (kind rewrites Docker's embedded 127.0.0.11 resolver so
 *   pods with dnsPolicy Default can use it) with `options ndots:0`.
 * - OpenShift nodes (`master-0..2`, `worker-0..`) at 10.0.0.10.. with the AWS-style node resolv.conf seen
 *   in the seed transcript 001 (`search ap-south-1.compute.internal`, `nameserver 10.0.0.2`).
 */
import { kubeadmCorefile } from "./corefiles.js";
import { renderOpenShiftCorefile } from "./openshift-corefile.js";
import { nthAddress, parseCidr } from "../../net/index.js";
import type { ClusterInfo } from "../view.js";

export type ProfileName = ClusterInfo["profile"];

/** The cluster settings a profile is built from (ClusterSpec's cluster part). */
export interface ProfileSpec {
  profile: ProfileName;
  nodes?: number;
  serviceCidrs?: string[];
  podCidrs?: string[];
  hostPrefix?: number;
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

export function renderOpenShiftDnsConfigMap(spec: Record<string, unknown>, domain: string): string {
  return renderOpenShiftCorefile(spec, domain);
}

function need(spec: ProfileSpec, field: "serviceCidrs" | "podCidrs"): string[] {
  const v = spec[field];
  if (!v || v.length === 0)
    throw new Error(
      `the custom profile needs explicit ${field === "serviceCidrs" ? "service" : "pod"} CIDRs`,
    );
  return v;
}

const DEFAULTS: Record<ProfileName, { service: string[]; pods: string[]; hostPrefix: number }> = {
  kubeadm: { service: ["10.96.0.0/12"], pods: ["10.244.0.0/16"], hostPrefix: 24 },
  kind: { service: ["10.96.0.0/16"], pods: ["10.244.0.0/16"], hostPrefix: 24 },
  openshift: { service: ["172.30.0.0/16"], pods: ["10.128.0.0/14"], hostPrefix: 23 },
  custom: { service: [], pods: [], hostPrefix: 24 },
};

function nodeNames(
  profile: ProfileName,
  count: number | undefined,
): { name: string; controlPlane: boolean }[] {
  if (profile === "openshift") {
    const total = count ?? 5;
    const masters = Math.min(3, total);
    const out = [];
    for (let i = 0; i < masters; i++) out.push({ name: `master-${i}`, controlPlane: true });
    for (let i = 0; i < total - masters; i++) out.push({ name: `worker-${i}`, controlPlane: false });
    return out;
  }
  const total = count ?? (profile === "kind" ? 1 : 3);
  const out = [{ name: profile === "kind" ? "kind-control-plane" : "control-plane", controlPlane: true }];
  for (let i = 1; i < total; i++)
    out.push({
      name: profile === "kind" ? (i === 1 ? "kind-worker" : `kind-worker${i}`) : `worker-${i - 1}`,
      controlPlane: false,
    });
  return out;
}

function nodeIp(profile: ProfileName, i: number): string {
  if (profile === "kind") return `172.18.0.${2 + i}`;
  if (profile === "openshift") return `10.0.0.${10 + i}`;
  return `192.168.0.${10 + i}`;
}

const q = (s: string) => JSON.stringify(s);

export function buildProfile(spec: ProfileSpec): BuiltProfile {
  const d = DEFAULTS[spec.profile];
  const withFamily = (v4: string[], v6: string[]) =>
    spec.ipFamily === "ipv6" ? v6 : spec.ipFamily === "dual" ? [...v4, ...v6] : v4;
  // A bare cluster is the manifests as written: both families, so IPv6 and dual-stack services of a
  // fake cluster are admitted without choosing an IP family first.
  const serviceCidrs = spec.serviceCidrs?.length
    ? spec.serviceCidrs
    : spec.profile === "custom"
      ? need(spec, "serviceCidrs")
      : spec.addons === false
        ? [...d.service, "fd00:10:96::/112"]
        : withFamily(d.service, ["fd00:10:96::/112"]);
  const podCidrs = spec.podCidrs?.length
    ? spec.podCidrs
    : spec.profile === "custom"
      ? need(spec, "podCidrs")
      : withFamily(d.pods, ["fd00:10:244::/56"]);
  const hostPrefix = spec.hostPrefix ?? d.hostPrefix;
  const domain = spec.clusterDomain ?? "cluster.local";
  const openshift = spec.profile === "openshift";
  const dnsService = openshift
    ? { namespace: "openshift-dns", name: "dns-default" }
    : { namespace: "kube-system", name: "kube-dns" };
  const svcCidrs = serviceCidrs.map((c) => {
    const p = parseCidr(c);
    if (!p) throw new Error(`invalid service CIDR "${c}"`);
    return p;
  });
  // The `kubernetes` service takes the first address; the DNS service the tenth (kubeadm's
  // GetDNSIP: offset 10 of the service CIDR; OpenShift's 172.30.0.10 likewise).
  const kubernetesIPs = svcCidrs.map((c) => nthAddress(c, 1)!);
  const dnsIPs = svcCidrs.map((c) => nthAddress(c, 10)!);
  const nodes = nodeNames(spec.profile, spec.nodes);
  const taints = new Map<string, string>();
  const hasWorkers = nodes.some((n) => !n.controlPlane);
  for (const n of nodes)
    if (n.controlPlane && hasWorkers)
      taints.set(
        n.name,
        openshift ? "node-role.kubernetes.io/master" : "node-role.kubernetes.io/control-plane",
      );
  const families = svcCidrs.map((c) => (c.family === 4 ? "IPv4" : "IPv6"));
  const dual = families.length > 1;

  const docs: string[] = [];
  const namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
  if (spec.profile === "kind") namespaces.push("local-path-storage");
  if (openshift) namespaces.push("openshift-dns", "openshift-dns-operator", "openshift-image-registry");
  for (const ns of namespaces) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`);
  nodes.forEach((n, i) => {
    const roleLabel = n.controlPlane
      ? openshift
        ? `"node-role.kubernetes.io/master": "", "node-role.kubernetes.io/control-plane": ""`
        : `"node-role.kubernetes.io/control-plane": ""`
      : openshift
        ? `"node-role.kubernetes.io/worker": ""`
        : "";
    docs.push(
      `apiVersion: v1\nkind: Node\nmetadata: {name: ${n.name}, labels: {${roleLabel}}}\nstatus:\n  addresses: [{type: InternalIP, address: ${nodeIp(spec.profile, i)}}, {type: Hostname, address: ${n.name}}]`,
    );
  });
  const ipFields = (ips: string[]) =>
    `clusterIP: ${ips[0]}\n  clusterIPs: [${ips.join(", ")}]\n  ipFamilies: [${families.join(", ")}]\n  ipFamilyPolicy: ${dual ? "RequireDualStack" : "SingleStack"}`;
  const addons = spec.addons ?? true;
  if (addons) {
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default, labels: {component: apiserver, provider: kubernetes}}\nspec:\n  ${ipFields(kubernetesIPs)}\n  ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]`,
    );
    const cpIps = nodes.map((n, i) => ({ n, ip: nodeIp(spec.profile, i) })).filter((x) => x.n.controlPlane);
    docs.push(
      `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: kubernetes, namespace: default, labels: {"kubernetes.io/service-name": kubernetes}}\naddressType: IPv4\nendpoints: [${cpIps
        .map((x) => `{addresses: [${x.ip}], conditions: {ready: true}}`)
        .join(", ")}]\nports: [{name: https, port: 6443, protocol: TCP}]`,
    );
    if (openshift) {
      docs.push(`apiVersion: operator.openshift.io/v1\nkind: DNS\nmetadata: {name: default}\nspec: {}`);
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dns-default, namespace: openshift-dns, labels: {"dns.operator.openshift.io/owning-dns": default}}\ndata:\n  Corefile: ${q(renderOpenShiftCorefile({}, domain))}`,
      );
      docs.push(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: dns-default, namespace: openshift-dns, labels: {"dns.operator.openshift.io/owning-dns": default}}
spec:
  selector: {matchLabels: {"dns.operator.openshift.io/daemonset-dns": default}}
  template:
    metadata: {labels: {"dns.operator.openshift.io/daemonset-dns": default}}
    spec:
      dnsPolicy: Default
      tolerations: [{operator: Exists}]
      nodeSelector: {"kubernetes.io/os": linux}
      containers:
      - name: dns
        image: quay.io/openshift/origin-coredns:latest
        ports: [{name: dns, containerPort: 5353, protocol: UDP}, {name: dns-tcp, containerPort: 5353, protocol: TCP}]
      - name: kube-rbac-proxy
        image: quay.io/openshift/origin-kube-rbac-proxy:latest
        ports: [{name: metrics, containerPort: 9154, protocol: TCP}]`);
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: dns-default, namespace: openshift-dns, labels: {"dns.operator.openshift.io/owning-dns": default}}
spec:
  ${ipFields(dnsIPs)}
  selector: {"dns.operator.openshift.io/daemonset-dns": default}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: dns}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp}, {name: metrics, port: 9154, protocol: TCP, targetPort: metrics}]`);
    } else {
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: ${q(kubeadmCorefile(domain))}`,
      );
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      dnsPolicy: Default
      tolerations: [{key: CriticalAddonsOnly, operator: Exists}, {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
      nodeSelector: {"kubernetes.io/os": linux}
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.3
        ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}, {name: metrics, containerPort: 9153, protocol: TCP}]`);
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": CoreDNS}}
spec:
  ${ipFields(dnsIPs)}
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}, {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}]`);
    }
  }
  const nodeResolvConf =
    spec.nodeResolvConf ??
    (spec.profile === "kind"
      ? "nameserver 172.18.0.1\noptions ndots:0\n"
      : openshift
        ? "search ap-south-1.compute.internal\nnameserver 10.0.0.2\n"
        : "nameserver 192.168.0.1\n");
  return {
    info: { domain, serviceCidrs, podCidrs, hostPrefix, dnsService, profile: spec.profile },
    taints,
    clusterDns: dnsIPs,
    // A bare cluster has no add-ons holding these addresses: every IP is the manifests' to claim.
    reservedServiceIPs: addons ? [...kubernetesIPs, ...dnsIPs] : [],
    pinnedIPsAnywhere: !addons,
    nodeResolvConf,
    corefileConfigMap: openshift
      ? { namespace: "openshift-dns", name: "dns-default" }
      : { namespace: "kube-system", name: "coredns" },
    dnsPodPort: openshift ? 5353 : 53,
    manifests: docs.join("\n---\n"),
  };
}
