/**
 * The extension points the reference engine opens to faults. Faults change the cluster only through
 * these (and the cluster's own objects), so every effect follows from the model's normal rules:
 * a pod marked not ready leaves the EndpointSlices, kube-proxy then REJECTs a Service left without
 * endpoints, the resolvers retry per resolv.conf, and so on.
 */
import type { Node, Pod, Service } from "../cluster/index.js";

/** What upstream resolvers do while a fault is active (forward plugin and node resolvers). */
export type UpstreamBehaviour =
  { kind: "unreachable" } | { kind: "slow"; delayMs: number } | { kind: "rcode"; rcode: string };

export interface FaultHost {
  /** CoreDNS pods (those the DNS Service selects), sorted by name. */
  dnsPods(): Pod[];
  dnsService(): Service | undefined;
  pod(namespace: string, name: string): Pod | undefined;
  node(name: string): Node | undefined;
  /** Node names, in store order. */
  nodes(): string[];
  /** The node is gone from the network (kubelet stopped, machine off): traffic to it is dropped. */
  setNodeUnreachable(node: string, unreachable: boolean): void;
  podsOnNode(node: string): Pod[];
  /** Kubelet's readiness verdict for a pod (status.conditions Ready). */
  setPodReady(pod: Pod, ready: boolean, reason?: string): void;
  /** A pod whose containers are down: nothing listens on its ports (the kernel answers ICMP unreachable). */
  setPodDown(pod: Pod, down: boolean): void;
  /** The node's Ready condition as kubelet (or the node lifecycle controller) reports it. */
  setNodeReady(node: string, status: "True" | "False" | "Unknown", reason: string, message: string): void;
  /** A merge patch of a Service's spec.selector (null removes). */
  setServiceSelector(service: Service, selector: Record<string, string>): void;
  setUpstream(behaviour: UpstreamBehaviour | undefined): void;
  /** CoreDNS pods' own /etc/resolv.conf (undefined = the node's); restarts CoreDNS. */
  setCorednsResolvConf(text: string | undefined): void;
  /** CoreDNS's informers stop receiving updates (true) or resync (false). */
  freezeApi(frozen: boolean): void;
  setOperatorDown(down: boolean): void;
  setPacketLoss(rate: number | undefined): void;
  setCniMissing(missing: boolean): void;
  /** Takes every free pod address of the node; returns the undo. */
  exhaustIpam(node: string): () => void;
  /** kube-proxy on the node keeps the rules of this moment (true) or follows changes again (false). */
  setStaleProxy(node: string, stale: boolean): void;
  setPartition(a: string, b: string, partitioned: boolean): void;
  /** Edits the Corefile ConfigMap (picked up after the reload delay); returns the undo. */
  editCorefile(text: string): () => void;
}
