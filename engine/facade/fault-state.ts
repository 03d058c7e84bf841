/**
 * What the active faults change, in one place and under one key scheme: pods by `namespace/name`,
 * nodes by name, node pairs by their sorted names, kube-proxy rules by node and then by service port
 * (kube-proxy's ServicePortName, engine/datapath servicePortKey). The query path, the datapath and
 * the DNS deployment read it; the FaultHost (fault-host.ts) writes it.
 */
import type { ClusterView, Pod } from "../cluster/index.js";
import type { ProxyRules } from "../datapath/index.js";
import type { ResolvConf } from "../resolver/index.js";
import type { Rng } from "../support/index.js";

const podKey = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
const pairKey = (a: string, b: string) => [a, b].sort().join("|");

export class FaultState {
  /** Pods whose containers are down (dns-outage, a crash-looping CoreDNS): nothing listens on them. */
  private readonly downPods = new Set<string>();
  /** Nodes gone from the network (node-down). */
  private readonly unreachableNodes = new Set<string>();
  /** Node pairs that cannot reach each other (partition). */
  private readonly partitions = new Set<string>();
  /** The rules a stopped kube-proxy left behind, per node (kube-proxy-down). */
  private readonly staleProxy = new Map<string, ProxyRules>();
  private loss: { rate: number; rng: Rng } | undefined;
  /** What CoreDNS's informers last saw before the API server went away (apiserver-down). */
  apiFrozen: ClusterView | undefined;
  /** dns-operator-down, and whether a DNS CR change waits for the operator. */
  operatorDown = false;
  operatorPending = false;
  /** CoreDNS pods' own /etc/resolv.conf when a fault replaced the node's (dns-loop). */
  corednsResolvConf: ResolvConf | undefined;

  isDown(pod: Pod): boolean {
    return this.downPods.has(podKey(pod));
  }

  setDown(pod: Pod, down: boolean): void {
    if (down) this.downPods.add(podKey(pod));
    else this.downPods.delete(podKey(pod));
  }

  setNodeUnreachable(node: string, unreachable: boolean): void {
    if (unreachable) this.unreachableNodes.add(node);
    else this.unreachableNodes.delete(node);
  }

  setPartition(a: string, b: string, partitioned: boolean): void {
    if (partitioned) this.partitions.add(pairKey(a, b));
    else this.partitions.delete(pairKey(a, b));
  }

  /** Why a packet from a pod on `from` to `target` on node `to` is lost on the way, if it is. */
  dropReason(from: string | undefined, to: string | undefined, target: string): string | undefined {
    if (to && this.unreachableNodes.has(to))
      return `node ${to} is down (node-down): the packet to ${target} is lost`;
    if (from && to && from !== to && this.partitions.has(pairKey(from, to)))
      return `nodes ${from} and ${to} are partitioned: the packet is dropped`;
    return undefined;
  }

  /** The rules kube-proxy on `node` is stuck with, or undefined when it follows changes. */
  staleRules(node: string): ProxyRules | undefined {
    return this.staleProxy.get(node);
  }

  setStaleRules(node: string, rules: ProxyRules | undefined): void {
    if (rules) this.staleProxy.set(node, rules);
    else this.staleProxy.delete(node);
  }

  setPacketLoss(rate: number | undefined, rng: () => Rng): void {
    this.loss = rate === undefined ? undefined : { rate, rng: rng() };
  }

  /** Whether this UDP packet towards a DNS server is lost (dns-packet-loss: one draw per packet). */
  packetLost(transport: "udp" | "tcp"): number | undefined {
    const loss = this.loss;
    if (loss === undefined || transport !== "udp") return undefined;
    return loss.rng.next() < loss.rate ? loss.rate : undefined;
  }
}
