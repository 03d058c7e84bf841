/**
 * What every step of a connection's path shares: the cluster view, the CNI profile, the datapath's
 * options (seeded RNG, fault hooks), and the trace the steps append hops and reasons to.
 */
import type { ClusterView, Pod, Protocol } from "../cluster/index.js";
import type { Rng } from "../support/index.js";
import type { CniProfile } from "./cni-profiles.js";
import type { ProxyRules } from "./kube-proxy.js";
import type { Endpoint, Hop } from "./types.js";

export interface DatapathOptions {
  cni?: string;
  proxyMode?: "iptables" | "ipvs" | "nftables";
  rng: Rng;
  resolveName?: (from: Endpoint, name: string) => { ips: string[]; reasons: string[] };
  /**
   * Fault hooks: why a packet from `src` to `dst` is lost on the way (a down node, a partition), and
   * the rules a stopped kube-proxy left on a node (kube-proxy-down).
   */
  lost?: (src: Pod, dst: Pod) => string | undefined;
  staleRules?: (node: string) => ProxyRules | undefined;
}

export interface PathContext {
  view: ClusterView;
  profile: CniProfile;
  options: DatapathOptions;
}

/** The hop trace and reasons a connection accumulates on its way. */
export interface Trace {
  hops: Hop[];
  reasons: string[];
}

/** One packet's destination port and protocol. */
export interface PortSpec {
  port: number;
  protocol: Protocol;
}

export class DatapathError extends Error {}

export function unsupported(what: string): never {
  throw new DatapathError(`${what} is not modelled by the reference datapath yet`);
}
