/**
 * Where pod addresses come from: kube-controller-manager's range allocator hands each node its
 * podCIDRs (pkg/controller/nodeipam/ipam/range_allocator.go: the next free /hostPrefix of every
 * cluster CIDR, in node-creation order), and host-local IPAM on the node hands out addresses from
 * them (controllers/placement.ts NodeIpam); under OVN-Kubernetes its own per-switch allocator does,
 * `.1` and `.2` reserved (`ipam` "ovn-kubernetes").
 */
import { formatCidr, parseCidr, subnet } from "../net/index.js";
import { NodeIpam, type PodIpamKind } from "./controllers/placement.js";
import type { Node, Pod } from "./model.js";
import type { ClusterStore } from "./store.js";
import type { ClusterInfo } from "./view.js";

export class PodAddresses {
  private readonly ipam = new Map<string, NodeIpam[]>();
  private nextNodeSubnet = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly info: ClusterInfo,
    private readonly kind: PodIpamKind = "host-local",
  ) {}

  /** The node's host-local ranges (one per family), or undefined when it has no podCIDR. */
  rangesOf(node: string | undefined): NodeIpam[] | undefined {
    if (!node) return undefined;
    let r = this.ipam.get(node);
    if (!r) {
      const n = this.store.node(node);
      if (!n || n.spec.podCIDRs.length === 0) return undefined;
      r = n.spec.podCIDRs.map((c) => new NodeIpam(c, this.kind));
      this.ipam.set(node, r);
    }
    return r;
  }

  /** Marks addresses a pod already holds (pinned in its manifest) as taken on its node. */
  reserve(node: string | undefined, ips: string[]): void {
    for (const ip of ips)
      this.rangesOf(node)
        ?.find((r) => r.contains(ip))
        ?.take(ip);
  }

  /** Gives a deleted or moved pod's addresses back to its node's ranges. */
  release(pod: Pod): void {
    if (pod.spec.hostNetwork) return;
    const ranges = this.rangesOf(pod.spec.nodeName);
    for (const ip of pod.status.podIPs) ranges?.find((r) => r.contains(ip))?.release(ip);
  }

  /** One address of every family for a new pod on `node`, or host-local's error. */
  allocate(node: string): { ips: string[] } | { reason: string; message: string } {
    const ranges = this.rangesOf(node);
    const ips: string[] = [];
    let failed: NodeIpam | undefined;
    for (const r of ranges ?? []) {
      const ip = r.next();
      if (!ip) {
        failed = r;
        break;
      }
      ips.push(ip);
    }
    // A copy of exactly its length: the pushed array keeps 17 slots, and every pod keeps its IPs.
    if (ranges && ranges.length > 0 && !failed) return { ips: ips.slice() };
    for (const [i, ip] of ips.entries()) ranges?.[i]?.release(ip);
    if (failed)
      return {
        reason: "IPAMExhausted",
        message: `failed to allocate for range 0: no IP addresses available in range set: ${failed.rangeText()}`,
      };
    return { reason: "NetworkPluginNotReady", message: `node ${node} has no podCIDR` };
  }

  /** Takes every free address of the node's pod ranges (host-local exhaustion); returns the undo. */
  exhaust(node: string): () => void {
    const taken: { r: NodeIpam; ip: string }[] = [];
    for (const r of this.rangesOf(node) ?? []) {
      for (let ip = r.next(); ip !== undefined; ip = r.next()) taken.push({ r, ip });
    }
    return () => {
      for (const t of taken) t.r.release(t.ip);
    };
  }

  /** The range allocator: a new node without a pinned podCIDR gets the next free one of each CIDR. */
  assignNodeCidrs(node: Node): void {
    if (node.spec.podCIDRs.length > 0) return;
    const prev = this.store.node(node.metadata.name);
    if (prev && prev.spec.podCIDRs.length > 0) {
      node.spec.podCIDR = prev.spec.podCIDR;
      node.spec.podCIDRs = [...prev.spec.podCIDRs];
      return;
    }
    const taken = new Set<string>();
    for (const n of this.store.nodes()) for (const c of n.spec.podCIDRs) taken.add(c);
    const cidrs = this.info.clusterNetworks ? clusterManagerSubnets(this.info.clusterNetworks, taken) : [];
    if (!this.info.clusterNetworks) this.rangeAllocatorSubnets(taken, cidrs);
    if (cidrs.length === 0) return;
    node.spec.podCIDR = cidrs[0];
    node.spec.podCIDRs = cidrs;
  }

  private rangeAllocatorSubnets(taken: Set<string>, cidrs: string[]): void {
    for (const cc of this.info.podCidrs) {
      const c = parseCidr(cc);
      if (!c) continue;
      const prefix = c.family === 4 ? this.info.hostPrefix : Math.max(c.prefix, 64);
      for (let i = this.nextNodeSubnet; ; i++) {
        const s = subnet(c, prefix, i);
        if (!s) break;
        const text = formatCidr(s);
        if (!taken.has(text)) {
          cidrs.push(text);
          break;
        }
      }
    }
    this.nextNodeSubnet++;
  }
}

/**
 * OVN-Kubernetes' cluster manager (go-controller/pkg/clustermanager/node subnet_allocator.go,
 * allocateNodeSubnets): one subnet per IP family, taken from that family's clusterNetwork ranges in
 * the order they are configured, each range cut at its own hostPrefix; the first free one wins, so a
 * later range is used only when the earlier ones are full. A family whose ranges are all full gives
 * the node no subnet of that family (its pods cannot start).
 */
function clusterManagerSubnets(
  entries: { cidr: string; hostPrefix: number }[],
  taken: Set<string>,
): string[] {
  const out: string[] = [];
  for (const family of [4, 6] as const) {
    scan: for (const e of entries) {
      const c = parseCidr(e.cidr);
      if (!c || c.family !== family) continue;
      for (let i = 0; ; i++) {
        const s = subnet(c, e.hostPrefix, i);
        if (!s) break;
        const text = formatCidr(s);
        if (!taken.has(text)) {
          out.push(text);
          break scan;
        }
      }
    }
  }
  // The primary family first, as the entries list it.
  const first = parseCidr(entries[0]?.cidr ?? "")?.family;
  return first === 6 ? out.reverse() : out;
}
