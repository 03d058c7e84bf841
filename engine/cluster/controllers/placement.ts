/**
 * Scheduling and pod networking, reduced to what DNS and the datapath observe.
 * Scheduler: `spec.nodeName` is honoured; otherwise the Ready, schedulable, untainted (or tolerated)
 * node matching nodeSelector with the fewest pods wins, ties broken by node order (a deterministic
 * stand-in for kube-scheduler's spread scoring).
 * IPAM: host-local, as kindnet/flannel/bridge CNIs configure it — the node's podCIDR, gateway `.1`,
 * allocation from `.2` (containernetworking/plugins host-local: rangeStart defaults to the ".2" IP),
 * sequential from the last reserved address, broadcast excluded. Exhaustion leaves the pod Pending
 * with host-local's error text, as a real pod stuck in ContainerCreating shows it.
 * OVN-Kubernetes (`ovn-kubernetes` IPAM) allocates pod addresses itself, per node logical switch:
 * ovn/logical_switch_manager AddOrUpdateSwitch reserves the gateway (`.1`, util.GetNodeGatewayIfAddr,
 * the ovn_cluster_router port) and the management port (`.2`, util.GetNodeManagementIfAddr,
 * ovn-k8s-mp0) of every host subnet, and allocator/ip/subnet newIPAMAllocator hands out the rest
 * round-robin (bitmap NewRoundRobinAllocationMap), network and IPv4 broadcast addresses excluded
 * (allocator/ip NewAllocatorCIDRRange): the first pod of a node gets `.3`, and a freed address is
 * reused only after the cursor wraps.
 */
import { cidrSize, nthAddress, parseCidr, addressOffset, type Cidr } from "../../net/index.js";
import type { Node, Pod } from "../model.js";
import { selectorMatches } from "../selector.js";

export function nodeReady(node: Node): boolean {
  return node.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
}

export function tolerates(tolerations: unknown[], taintKey: string): boolean {
  return tolerations.some((t) => {
    if (typeof t !== "object" || t === null) return false;
    const r = t as Record<string, unknown>;
    if (r.operator === "Exists" && (r.key === undefined || r.key === "")) return true;
    return r.key === taintKey;
  });
}

/** Which plugin hands out pod addresses on a node: host-local (the default) or OVN-Kubernetes. */
export type PodIpamKind = "host-local" | "ovn-kubernetes";

/** Addresses after the network address that never go to pods: host-local's gateway; OVN's gateway and mp0. */
const RESERVED_LOW: Record<PodIpamKind, bigint> = { "host-local": 1n, "ovn-kubernetes": 2n };

/** The pod address allocator of one node (one per pod CIDR family). */
export class NodeIpam {
  private readonly used = new Set<string>();
  private last: bigint;
  readonly first: bigint;
  readonly end: bigint;
  private readonly c: Cidr;

  constructor(
    readonly cidrText: string,
    kind: PodIpamKind = "host-local",
  ) {
    this.first = RESERVED_LOW[kind] + 1n;
    this.last = this.first - 1n;
    const c = parseCidr(cidrText);
    if (!c) throw new Error(`invalid pod CIDR ${cidrText}`);
    this.c = c;
    const size = cidrSize(c);
    // IPv4 excludes the broadcast address; IPv6 ranges end at the last address.
    this.end = c.family === 4 ? size - 2n : size - 1n;
  }

  take(ip: string): void {
    this.used.add(ip);
  }
  release(ip: string): void {
    this.used.delete(ip);
  }
  contains(ip: string): boolean {
    return addressOffset(this.c, ip) !== undefined;
  }

  next(): string | undefined {
    const c = this.c;
    const span = this.end - this.first + 1n;
    if (span <= 0n) return undefined;
    for (let i = 0n; i < span; i++) {
      const off = this.first + ((this.last - this.first + 1n + i + span) % span);
      const ip = nthAddress(c, off)!;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        this.last = off;
        return ip;
      }
    }
    return undefined;
  }

  /** host-local's range text for error messages (`10.244.1.2-10.244.1.254`). */
  rangeText(): string {
    const c = this.c;
    return `${nthAddress(c, this.first)}-${nthAddress(c, this.end)}`;
  }
}

export interface ScheduleDeps {
  nodes(): Node[];
  podCount(node: string): number;
  tainted(node: string): string | undefined;
  /**
   * The first node by (pod count, order of nodes()) that `fits` accepts (store.ts's NodeLoad); when
   * given, a pod that fits somewhere is placed without visiting every node.
   */
  firstByLoad?(fits: (n: Node) => boolean): Node | undefined;
}

/** Picks a node for a pod, or explains why none fits (the scheduler's FailedScheduling message). */
export function pickNode(deps: ScheduleDeps, pod: Pod): { node?: string; message?: string } {
  const nodeSelector = { matchLabels: pod.spec.nodeSelector, matchExpressions: [] };
  // The same fewest-pods-first-in-order choice as the scan below, over the load index.
  if (deps.firstByLoad) {
    const fit = deps.firstByLoad((n) => {
      if (!nodeReady(n) || n.spec.unschedulable) return false;
      const t = deps.tainted(n.metadata.name);
      if (t && !tolerates(pod.spec.tolerations, t)) return false;
      return selectorMatches(nodeSelector, n.metadata.labels);
    });
    if (fit) return { node: fit.metadata.name };
  }
  const nodes = deps.nodes();
  let best: Node | undefined;
  let bestCount = Infinity;
  let notReady = 0;
  let unschedulable = 0;
  let taint = 0;
  let selector = 0;
  for (const n of nodes) {
    if (!nodeReady(n)) {
      notReady++;
      continue;
    }
    if (n.spec.unschedulable) {
      unschedulable++;
      continue;
    }
    const t = deps.tainted(n.metadata.name);
    if (t && !tolerates(pod.spec.tolerations, t)) {
      taint++;
      continue;
    }
    if (!selectorMatches(nodeSelector, n.metadata.labels)) {
      selector++;
      continue;
    }
    const count = deps.podCount(n.metadata.name);
    if (count < bestCount) {
      best = n;
      bestCount = count;
    }
  }
  if (best) return { node: best.metadata.name };
  const parts: string[] = [];
  if (notReady) parts.push(`${notReady} node(s) had untolerated taint {node.kubernetes.io/not-ready: }`);
  if (unschedulable) parts.push(`${unschedulable} node(s) were unschedulable`);
  if (taint) parts.push(`${taint} node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }`);
  if (selector) parts.push(`${selector} node(s) didn't match Pod's node affinity/selector`);
  return { message: `0/${nodes.length} nodes are available: ${parts.join(", ")}.` };
}
