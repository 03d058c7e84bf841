/**
 * The Cluster Network Operator's view of the `cluster` Network config (openshift/cluster-network-operator
 * pkg/network): which configurations it accepts, which changes it refuses, and what it writes back.
 * Each function mirrors one Go function and keeps its error words, so a refusal reads as CNO's
 * Degraded condition does.
 */
import { cidrOverlaps, formatCidr, parseCidr, type Cidr } from "../../net/index.js";

export interface ClusterNetworkEntry {
  cidr: string;
  /** 0 = unset (the plugin does not use it). */
  hostPrefix: number;
}

/** The fields both Network kinds share (operator.openshift.io's `defaultNetwork.type` is `networkType`). */
export interface NetworkConfig {
  clusterNetwork: ClusterNetworkEntry[];
  serviceNetwork: string[];
  networkType: string;
}

/** cluster_config.go pluginsUsingHostPrefix. */
const PLUGINS_USING_HOST_PREFIX = new Set(["OVNKubernetes"]);

/** The network types CNO renders a plugin for (render.go renderDefaultNetwork: OVNKubernetes; else none). */
export const KNOWN_NETWORK_TYPES = new Set(["OVNKubernetes"]);

/** pkg/util/ip/addr.go IPPool.Add: the first earlier network this one overlaps (same family only). */
class IpPool {
  private readonly cidrs: Cidr[] = [];
  add(c: Cidr): string | undefined {
    for (const n of this.cidrs)
      if (n.family === c.family && cidrOverlaps(n, c))
        return `CIDRs ${formatCidr(n)} and ${formatCidr(c)} overlap`;
    this.cidrs.push(c);
    return undefined;
  }
}

interface Families {
  v4: boolean;
  v6: boolean;
}

function serviceErrors(conf: NetworkConfig, pool: IpPool, fam: Families): string[] {
  const errs: string[] = [];
  for (const snet of conf.serviceNetwork) {
    const c = parseCidr(snet);
    if (!c) {
      errs.push(`could not parse spec.serviceNetwork ${snet}: invalid CIDR address: ${snet}`);
      continue;
    }
    if (c.family === 6) fam.v6 = true;
    else fam.v4 = true;
    const overlap = pool.add(c);
    if (overlap) errs.push(`whole or subset of ServiceNetwork CIDR ${snet} is already in use: ${overlap}`);
  }
  const n = conf.serviceNetwork.length;
  if (n === 0) errs.push("spec.serviceNetwork must have at least 1 entry");
  else if ((n === 2 && (!fam.v4 || !fam.v6)) || n > 2)
    errs.push("spec.serviceNetwork must contain at most one IPv4 and one IPv6 network");
  return errs;
}

function clusterErrors(conf: NetworkConfig, pool: IpPool, fam: Families): string[] {
  const errs: string[] = [];
  for (const cnet of conf.clusterNetwork) {
    const c = parseCidr(cnet.cidr);
    if (!c) {
      errs.push(`could not parse spec.clusterNetwork ${cnet.cidr}`);
      continue;
    }
    if (c.family === 6) fam.v6 = true;
    else fam.v4 = true;
    // "ignore hostPrefix if the plugin does not use it and has it unset"
    if (PLUGINS_USING_HOST_PREFIX.has(conf.networkType) || cnet.hostPrefix !== 0) {
      if (cnet.hostPrefix < c.prefix)
        errs.push(`hostPrefix ${cnet.hostPrefix} is larger than its cidr ${cnet.cidr}`);
      if (cnet.hostPrefix > c.bits - 2)
        errs.push(`hostPrefix ${cnet.hostPrefix} is too small, must be a /${c.bits - 2} or larger`);
    }
    const overlap = pool.add(c);
    if (overlap)
      errs.push(`whole or subset of ClusterNetwork CIDR ${cnet.cidr} is already in use: ${overlap}`);
  }
  if (conf.clusterNetwork.length < 1) errs.push("spec.clusterNetwork must have at least 1 entry");
  return errs;
}

/**
 * render.go validateIPPools (the same checks as cluster_config.go validateClusterConfig, collected
 * instead of stopping at the first) and validateClusterConfig's `spec.networkType is required`.
 * Service networks enter the overlap pool first, so a cluster network overlapping one names both.
 */
export function validateNetworkConfig(conf: NetworkConfig): string[] {
  const pool = new IpPool();
  const service: Families = { v4: false, v6: false };
  const cluster: Families = { v4: false, v6: false };
  const errs = [...serviceErrors(conf, pool, service), ...clusterErrors(conf, pool, cluster)];
  if (errs.length === 0 && (cluster.v4 !== service.v4 || cluster.v6 !== service.v6))
    errs.push(
      "spec.clusterNetwork and spec.serviceNetwork must either both be IPv4-only, both be IPv6-only, or both be dual-stack",
    );
  if (conf.networkType === "") errs.push("spec.networkType is required");
  return errs;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * render.go isClusterNetworkChangeSafe: the one clusterNetwork change allowed outside a dual-stack
 * conversion is widening an entry's CIDR (same address, shorter mask, same hostPrefix) on OVNKubernetes.
 */
function clusterNetworkChangeError(prev: NetworkConfig, next: NetworkConfig): string | undefined {
  if (prev.clusterNetwork.length !== next.clusterNetwork.length)
    return "adding/removing clusterNetwork entries of the same type is not supported";
  if (next.networkType !== "OVNKubernetes")
    return `network type is ${next.networkType}. changing clusterNetwork entries is only supported for OVNKubernetes`;
  const byCidr = (l: ClusterNetworkEntry[]) =>
    [...l].sort((a, b) => (a.cidr < b.cidr ? -1 : a.cidr > b.cidr ? 1 : 0));
  const p = byCidr(prev.clusterNetwork);
  const n = byCidr(next.clusterNetwork);
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = n[i]!;
    const ac = parseCidr(a.cidr);
    const bc = parseCidr(b.cidr);
    if (!ac) return `error parsing CIDR from ClusterNetwork entry ${a.cidr}`;
    if (!bc) return `error parsing CIDR from ClusterNetwork entry ${b.cidr}`;
    if (a.hostPrefix !== b.hostPrefix) return "modifying a clusterNetwork's hostPrefix value is unsupported";
    // net.ParseCIDR's IP is the address as written, before masking.
    if (a.cidr.split("/")[0] !== b.cidr.split("/")[0])
      return "modifying IP network value for clusterNetwork CIDR is unsupported";
    if (ac.prefix < bc.prefix)
      return "reducing IP range with a larger CIDR mask for clusterNetwork CIDR is unsupported";
  }
  return undefined;
}

/**
 * render.go isNetworkChangeSafe (no migration in progress): besides widening a cluster network, only
 * a single↔dual-stack conversion may change the networks, keeping the primary entries as they were.
 */
function networkChangeError(prev: NetworkConfig, next: NetworkConfig): string | undefined {
  if (same(prev.clusterNetwork, next.clusterNetwork) && same(prev.serviceNetwork, next.serviceNetwork))
    return undefined;
  const ps = prev.serviceNetwork.length;
  const ns = next.serviceNetwork.length;
  if (ps === ns) {
    if (!same(prev.serviceNetwork, next.serviceNetwork)) return "unsupported change to ServiceNetwork";
    return clusterNetworkChangeError(prev, next);
  }
  const [single, dual] = ps < ns ? [prev, next] : [next, prev];
  if (single.serviceNetwork[0] !== dual.serviceNetwork[0])
    return "cannot change primary ServiceNetwork when migrating to/from dual-stack";
  const firstIsV6 = single.clusterNetwork[0]?.cidr.includes(":") ?? false;
  for (let i = 0; i < dual.clusterNetwork.length; i++) {
    if (i < single.clusterNetwork.length) {
      if (!same(single.clusterNetwork[i], dual.clusterNetwork[i]))
        return "cannot change primary ClusterNetwork when migrating to/from dual-stack";
    } else if (dual.clusterNetwork[i]!.cidr.includes(":") === firstIsV6)
      return "cannot add additional ClusterNetwork values of original IP family when migrating to dual stack";
  }
  return undefined;
}

/**
 * render.go IsChangeSafe: what CNO refuses to roll out from the applied configuration (`prev`) to the
 * new one. The words are its `invalid configuration: [...]` condition's.
 */
export function changeErrors(prev: NetworkConfig, next: NetworkConfig): string[] {
  const errs: string[] = [];
  const net = networkChangeError(prev, next);
  if (net) errs.push(net);
  // isDefaultNetworkChangeSafe
  if (prev.networkType !== next.networkType) errs.push("cannot change default network type");
  return errs;
}

/** Go's `fmt.Errorf("invalid configuration: %v", errs)` over a []error. */
export function invalidConfiguration(errs: string[]): string {
  return `invalid configuration: [${errs.join(" ")}]`;
}

/**
 * cluster_config.go MergeClusterConfig: the operator's spec takes the config's networks and type
 * (whatever it said before), and managementState defaults to Managed.
 */
export function operatorNetworkSpec(
  operatorSpec: Record<string, unknown> | undefined,
  conf: { clusterNetworks: ClusterNetworkEntry[]; serviceNetwork: string[]; networkType: string },
): Record<string, unknown> {
  const spec = { ...(operatorSpec ?? {}) };
  const defaultNetwork =
    typeof spec.defaultNetwork === "object" && spec.defaultNetwork !== null ? spec.defaultNetwork : {};
  return {
    ...spec,
    clusterNetwork: conf.clusterNetworks.map((c) => ({ cidr: c.cidr, hostPrefix: c.hostPrefix })),
    serviceNetwork: [...conf.serviceNetwork],
    defaultNetwork: { ...defaultNetwork, type: conf.networkType },
    managementState:
      typeof spec.managementState === "string" && spec.managementState ? spec.managementState : "Managed",
  };
}
