/**
 * Which NetworkPolicy rejected a connection, read from kube-router's counters on the nodes. A policy
 * drop by kube-router is a REJECT (icmp-port-unreachable): the client sees ECONNREFUSED, exactly
 * like a closed port, so the verdict comes from the rules, not the client. kube-router v2.1.0
 * (pkg/controllers/netpol/pod.go, syncPodFirewallChains) gives every local pod a chain
 * KUBE-POD-FW-… that ends, for traffic no policy marked, in
 *   -m comment --comment "rule to REJECT traffic destined for POD name:<pod> namespace: <ns>" … -j REJECT
 * and jumps to it for traffic from the pod (`-s <ip>`: its egress) and to it (`-d <ip>`: its
 * ingress). The REJECT rules' packet counters before and after the connection say whose chain
 * rejected it: the client's (egress) or the destination's (ingress).
 */
import type { TargetContext } from "../target.js";
import type { LocalCluster } from "./local-clusters.js";

/** `ns/name` → packets REJECTed by that pod's kube-router chain, summed over the nodes. */
export type PolicyCounters = Map<string, number>;

const REJECT =
  /^\[(\d+):\d+\] -A KUBE-POD-FW-\S+ .*--comment "?rule to REJECT traffic destined for POD name:(\S+) namespace: ?([^"\s]+)"?.* -j REJECT/;

/** The REJECT counters in `iptables-save -c` output (several nodes' outputs may be concatenated). */
export function rejectCounters(saved: string, into: PolicyCounters = new Map()): PolicyCounters {
  for (const line of saved.split("\n")) {
    const m = REJECT.exec(line);
    if (!m) continue;
    const key = `${m[3]}/${m[2]}`;
    into.set(key, (into.get(key) ?? 0) + Number(m[1]));
  }
  return into;
}

/** The pods whose REJECT counters grew between `before` and `after`. */
export function rejectedBy(before: PolicyCounters, after: PolicyCounters): string[] {
  return [...after].filter(([k, n]) => n > (before.get(k) ?? 0)).map(([k]) => k);
}

/**
 * The direction of a rejection: another pod's chain rejected what it would have received (ingress);
 * the client's own chain rejected what it sent (egress). A pod reaching itself through its Service
 * is judged by its one chain both ways; that rejection is reported as egress, the chain's first
 * verdict on a packet it sent.
 */
export function denialOf(
  client: string,
  rejecting: string[],
): { by: "ingress" | "egress"; detail: string } | undefined {
  if (!rejecting.length) return undefined;
  const others = rejecting.filter((p) => p !== client);
  if (others.length)
    return {
      by: "ingress",
      detail: `kube-router REJECTed it in the ingress chain of ${others.join(", ")} (no NetworkPolicy selecting it admits the connection)`,
    };
  return {
    by: "egress",
    detail: `kube-router REJECTed it in the chain of the client ${client} (no NetworkPolicy selecting it admits the connection as egress)`,
  };
}

/** Every node's kube-router REJECT counters (undefined when the cluster runs no kube-router). */
export async function policyCounters(
  cluster: LocalCluster,
  ctx: TargetContext,
): Promise<PolicyCounters | undefined> {
  const h = cluster.handle;
  if (!h.networkPolicy) return undefined;
  const saved = await Promise.all(
    h.nodes.map((n) => h.exec(n.name, ["iptables-save", "-c", "-t", "filter"], { signal: ctx.signal })),
  );
  const out: PolicyCounters = new Map();
  for (const r of saved) if (r.code === 0) rejectCounters(r.stdout, out);
  return out;
}
