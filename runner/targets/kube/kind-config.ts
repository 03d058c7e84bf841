/**
 * The kind cluster config a scenario's cluster block asks for (kind.x-k8s.io/v1alpha4): one
 * control-plane node plus workers, pod and service subnets, kube-proxy mode, IP family (dual when the
 * block gives CIDRs of both families, as kind requires `ipFamily: dual` for two subnets), and the
 * default CNI disabled when the scenario names another one (whose manifests the target then applies),
 * and a kubeadm patch for a cluster domain other than cluster.local.
 * `kindConfigProblems` is kind's own validation (sigs.k8s.io/kind pkg/internal/apis/config/validate.go,
 * Cluster.Validate and validateSubnets) so a config kind would refuse is reported before kind runs.
 */
import type { ClusterSettings } from "../../../dsl/index.js";
import { kindNodes } from "./node-names.js";

type Family = "ipv4" | "ipv6" | "dual";

const isV6 = (cidr: string) => cidr.includes(":");

/** The IP family kind must be told: explicit, or what the block's CIDRs imply. */
export function kindFamily(cluster: ClusterSettings): Family {
  if (cluster.ipFamily) return cluster.ipFamily;
  const cidrs = [...(cluster.podCidrs ?? []), ...(cluster.serviceCidrs ?? [])];
  const v6 = cidrs.filter(isV6).length;
  if (v6 === 0) return "ipv4";
  return v6 === cidrs.length ? "ipv6" : "dual";
}

/**
 * Manifests of the CNIs a cluster block may name, applied after `kind create cluster` with
 * disableDefaultCNI (pinned releases; kind's own docs use these for Calico and Cilium is installed by
 * its CLI or Helm, which netspec does not drive).
 */
export const CNI_MANIFESTS: Record<string, string | undefined> = {
  calico: "https://raw.githubusercontent.com/projectcalico/calico/v3.29.1/manifests/calico.yaml",
};

export function kindConfig(cluster: ClusterSettings): string {
  const nodes = Math.max(1, cluster.nodes ?? 1);
  const lines = ["kind: Cluster", "apiVersion: kind.x-k8s.io/v1alpha4", "networking:"];
  const family = kindFamily(cluster);
  if (family !== "ipv4") lines.push(`  ipFamily: ${family}`);
  if (cluster.podCidrs?.length) lines.push(`  podSubnet: "${cluster.podCidrs.join(",")}"`);
  if (cluster.serviceCidrs?.length) lines.push(`  serviceSubnet: "${cluster.serviceCidrs.join(",")}"`);
  if (cluster.proxyMode) lines.push(`  kubeProxyMode: "${cluster.proxyMode}"`);
  // A CNI other than kind's own (kindnet) is installed by the target after the cluster is up.
  if (cluster.cni && cluster.cni !== "kindnet") lines.push("  disableDefaultCNI: true");
  if (lines.at(-1) === "networking:") lines.pop();
  // kind has no field for the cluster domain; kubeadm's networking.dnsDomain sets it for the API
  // server's certificates, CoreDNS's Corefile and every kubelet's clusterDomain.
  if (cluster.clusterDomain && cluster.clusterDomain !== "cluster.local")
    lines.push(
      "kubeadmConfigPatches:",
      "  - |",
      "    kind: ClusterConfiguration",
      "    networking:",
      `      dnsDomain: ${cluster.clusterDomain}`,
    );
  lines.push("nodes:", "  - role: control-plane");
  for (let i = 1; i < nodes; i++) lines.push("  - role: worker");
  return lines.join("\n") + "\n";
}

function subnetProblems(what: string, cidrs: string[] | undefined, family: Family): string[] {
  if (!cidrs?.length) return [];
  const bad = cidrs.find((c) => !/^[0-9a-fA-F.:]+\/\d{1,3}$/.test(c));
  if (bad) return [`invalid ${what} subnet failed to parse cidr value:"${bad}"`];
  const v6 = cidrs.filter(isV6).length;
  const dual = family === "dual";
  const expected = "expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking";
  if (dual && cidrs.length > 2) return [`invalid ${what} subnet ${expected}`];
  if (dual && cidrs.length === 2 && (v6 === 0 || v6 === 2)) return [`invalid ${what} subnet ${expected}`];
  if (!dual && cidrs.length > 1)
    return [`invalid ${what} subnet only one CIDR allowed for single-stack networking`];
  if (family === "ipv4" && v6 > 0) return [`invalid ${what} subnet expected IPv4 CIDR for IPv4 family`];
  if (family === "ipv6" && v6 === 0) return [`invalid ${what} subnet expected IPv6 CIDR for IPv6 family`];
  return [];
}

/** What kind's Cluster.Validate would refuse in the config `kindConfig` writes for this block. */
export function kindConfigProblems(cluster: ClusterSettings, name = "kind"): string[] {
  const out: string[] = [];
  if (!/^[a-z0-9.-]+$/.test(name))
    out.push(`'${name}' is not a valid cluster name, cluster names must match \`^[a-z0-9.-]+$\``);
  const family = kindFamily(cluster);
  out.push(
    ...subnetProblems("pod", cluster.podCidrs, family),
    ...subnetProblems("service", cluster.serviceCidrs, family),
  );
  if (cluster.proxyMode && !["iptables", "ipvs", "nftables", "none"].includes(cluster.proxyMode))
    out.push(`invalid kubeProxyMode: ${cluster.proxyMode}`);
  return out;
}

/**
 * The nodes kind makes for this block under the cluster name `kind` (node-names.ts kindNodes:
 * `kind-control-plane`, `kind-worker`, `kind-worker2`, ...), the names the seed transcripts pin.
 */
export function kindNodeNames(cluster: ClusterSettings): string[] {
  return kindNodes(cluster, "kind").map((n) => n.name);
}

/**
 * The service CIDRs of the kind cluster of this block: the block's own, else kind's defaults for its
 * IP family (sigs.k8s.io/kind pkg/apis/config/v1alpha4/default.go, SetDefaultsCluster: 10.96.0.0/16,
 * fd00:10:96::/112). The profile's defaults (OpenShift's 172.30.0.0/16) are the reference's only:
 * kindConfig writes a serviceSubnet only when the block sets one.
 */
export function kindServiceCidrs(cluster: ClusterSettings): string[] {
  if (cluster.serviceCidrs?.length) return [...cluster.serviceCidrs];
  const family = kindFamily(cluster);
  return family === "ipv4"
    ? ["10.96.0.0/16"]
    : family === "ipv6"
      ? ["fd00:10:96::/112"]
      : ["10.96.0.0/16", "fd00:10:96::/112"];
}

/**
 * kube-apiserver's default `--service-node-port-range` (pkg/kubeapiserver/options/options.go,
 * DefaultServiceNodePortRange), which kind and the local cluster keep.
 */
export const DEFAULT_NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;
