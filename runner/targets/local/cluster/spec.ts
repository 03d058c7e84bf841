/**
 * What a local cluster is asked to be (ClusterSpec) and the plan derived from it: namespace names,
 * node addresses on the fabric, each node's pod subnet. IPv4 only for now: dual-stack (a second
 * service and pod CIDR) is refused with that reason rather than half-configured.
 */
import { randomBytes } from "node:crypto";

export type ProxyMode = "iptables" | "nftables";

/**
 * The most nodes a local cluster runs: five (kind's largest layout in the suites: a control plane and
 * four workers), each a containerd, a kubelet and a kube-proxy; measured on these 2-core machines in
 * the README ("The local target").
 */
export const MAX_LOCAL_NODES = 5;

export interface ClusterSpec {
  /** 1 to MAX_LOCAL_NODES nodes. */
  nodes: number;
  /** Node names; default `node-1`, `node-2`, …. */
  nodeNames?: string[];
  /** Service CIDR(s); IPv4 only. */
  serviceCidrs: string[];
  /** The cluster's pod CIDR(s); IPv4 only. */
  podCidrs: string[];
  /** Each node's pod subnet, in node order; default the node's index-th /24 of the pod CIDR. */
  nodePodCidrs?: string[];
  clusterDomain: string;
  /** The kube-dns Service's cluster IP (the kubelet's clusterDNS). */
  dnsServiceIp: string;
  proxyMode: ProxyMode;
  /**
   * The NetworkPolicy implementation the nodes run from the start (network-policy.ts); without one,
   * policies are not enforced until ClusterHandle.enableNetworkPolicy() starts it.
   */
  networkPolicy?: "kube-router";
  /** Where the journal, configs, state and logs of this run go (created; logs are kept). */
  workDir: string;
  /** component → path, from `netspec local build` (set `cluster`), including `images`. */
  binaries: Record<string, string>;
  /** The nodes' own /etc/resolv.conf (CoreDNS's upstream through `forward . /etc/resolv.conf`). */
  nodeResolvConf?: string;
  /** The Corefile for the coredns ConfigMap; default kubeadm's. */
  corefile?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface NodePlan {
  name: string;
  /** 1-based. */
  index: number;
  netns: string;
  /** The node's address on the fabric (its InternalIP). */
  ip: string;
  podCidr: string;
  dir: string;
  /**
   * Where the node's Unix sockets go: a short path under /run/netspec/<run> (a socket path longer
   * than 104 bytes is refused, and the work directory may be anywhere).
   */
  socketDir: string;
  /** The kubelet's cgroup root (one per node: two kubelets must not share `/kubepods`). */
  cgroupRoot: string;
}

export interface ClusterPlan {
  id: string;
  spec: ClusterSpec;
  fabricNetns: string;
  /** The fabric bridge's address: where nodes reach the API server and the registry. */
  gateway: string;
  fabricCidr: string;
  registryPort: number;
  nodes: NodePlan[];
}

/** The fabric (kind's docker network shape): a /24 inside namespaces of our own only. */
const FABRIC = { base: [172, 18, 0], mask: 24 };

export function parseCidr(cidr: string): { ip: number[]; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  const ip = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || ip.some((o) => o > 255) || bits < 0 || bits > 32)
    throw new ClusterSpecError(
      `${cidr}: not an IPv4 CIDR${cidr.includes(":") ? " (IPv6 and dual-stack are not supported by the local cluster yet)" : ""}`,
    );
  return { ip, bits };
}

const toInt = (ip: number[]) => ((ip[0]! << 24) | (ip[1]! << 16) | (ip[2]! << 8) | ip[3]!) >>> 0;
const fromInt = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Whether IPv4 `ip` lies in `cidr`. */
export function inCidr(ip: string, cidr: string): boolean {
  const { ip: base, bits } = parseCidr(cidr);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (toInt(parseCidr(`${ip}/32`).ip) & mask) >>> 0 === (toInt(base) & mask) >>> 0;
}

/** The `index`-th (0-based) /`size` subnet of `cidr`. */
export function subnet(cidr: string, size: number, index: number): string {
  const { ip, bits } = parseCidr(cidr);
  if (size < bits) throw new ClusterSpecError(`${cidr}: smaller than one /${size} node subnet`);
  if (index >= 2 ** (size - bits))
    throw new ClusterSpecError(`${cidr}: has no room for ${index + 1} /${size} subnets`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return `${fromInt(((toInt(ip) & mask) + index * 2 ** (32 - size)) >>> 0)}/${size}`;
}

export class ClusterSpecError extends Error {
  constructor(message: string) {
    super(`local cluster: ${message}`);
    this.name = "ClusterSpecError";
  }
}

const NEEDED = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubelet",
  "kube-proxy",
  "containerd",
  "containerd-shim-runc-v2",
  "ctr",
  "runc",
  "cni-bin-dir",
  "images",
];

/** Check `spec` and derive the plan (`id` names this run's namespaces and cgroups). */
export function planCluster(spec: ClusterSpec, id = randomBytes(3).toString("hex")): ClusterPlan {
  if (!Number.isInteger(spec.nodes) || spec.nodes < 1 || spec.nodes > MAX_LOCAL_NODES)
    throw new ClusterSpecError(`nodes: ${spec.nodes}: between 1 and ${MAX_LOCAL_NODES} on these machines`);
  for (const [what, list] of [
    ["serviceCidrs", spec.serviceCidrs],
    ["podCidrs", spec.podCidrs],
  ] as const) {
    if (list.length !== 1)
      throw new ClusterSpecError(
        `${what}: exactly one IPv4 CIDR (dual-stack is not supported by the local cluster yet)`,
      );
    parseCidr(list[0]!);
  }
  if (!inCidr(spec.dnsServiceIp, spec.serviceCidrs[0]!))
    throw new ClusterSpecError(
      `dnsServiceIp ${spec.dnsServiceIp} is outside the service CIDR ${spec.serviceCidrs[0]}`,
    );
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(spec.clusterDomain))
    throw new ClusterSpecError(`clusterDomain ${spec.clusterDomain}: not a DNS domain`);
  if (!["iptables", "nftables"].includes(spec.proxyMode))
    throw new ClusterSpecError(`proxyMode ${spec.proxyMode}: iptables or nftables (this kernel has no IPVS)`);
  if (spec.networkPolicy !== undefined && spec.networkPolicy !== "kube-router")
    throw new ClusterSpecError(
      `networkPolicy ${String(spec.networkPolicy)}: the local cluster runs kube-router's firewall only`,
    );
  const needed = spec.networkPolicy ? [...NEEDED, "kube-router"] : NEEDED;
  const missing = needed.filter((b) => !spec.binaries[b]);
  if (missing.length)
    throw new ClusterSpecError(`binaries missing: ${missing.join(", ")} (run netspec local build)`);
  const names = spec.nodeNames ?? Array.from({ length: spec.nodes }, (_, i) => `node-${i + 1}`);
  if (names.length !== spec.nodes)
    throw new ClusterSpecError(`nodeNames: ${names.length} names for ${spec.nodes} nodes`);
  const podCidrs = spec.nodePodCidrs ?? names.map((_, i) => subnet(spec.podCidrs[0]!, 24, i));
  if (podCidrs.length !== spec.nodes)
    throw new ClusterSpecError(`nodePodCidrs: ${podCidrs.length} subnets for ${spec.nodes} nodes`);
  for (const c of podCidrs)
    if (!inCidr(parseCidr(c).ip.join("."), spec.podCidrs[0]!))
      throw new ClusterSpecError(`node pod subnet ${c} is outside the pod CIDR ${spec.podCidrs[0]}`);
  const prefix = `nsx-${id}`;
  const gw = [...FABRIC.base, 1].join(".");
  return {
    id,
    spec,
    fabricNetns: `${prefix}-fabric`,
    gateway: gw,
    fabricCidr: `${[...FABRIC.base, 0].join(".")}/${FABRIC.mask}`,
    registryPort: 5000,
    nodes: names.map((name, i) => ({
      name,
      index: i + 1,
      netns: `${prefix}-n${i + 1}`,
      ip: [...FABRIC.base, 2 + i].join("."),
      podCidr: podCidrs[i]!,
      dir: `${spec.workDir}/nodes/${name}`,
      socketDir: `/run/netspec/${id}/n${i + 1}`,
      cgroupRoot: `/netspec-${id}-n${i + 1}`,
    })),
  };
}
