/**
 * Reading kube-proxy's rules on a node of the local cluster: whether it REJECTs a Service address
 * because the Service has no endpoints. A client sees that REJECT (ICMP port unreachable) as
 * ECONNREFUSED, exactly like a closed port, so only the rules tell the two apart:
 * - nftables mode (pkg/proxy/nftables/proxier.go): an element `IP . PROTO . PORT` of the
 *   `no-endpoint-services` map, whose verdict jumps to `reject-chain`;
 * - iptables mode (pkg/proxy/iptables/proxier.go): a `-j REJECT` rule for `-d IP/32 --dport PORT`
 *   commented "... has no endpoints" in the filter table's KUBE-SERVICES chain.
 */
import type { Kubectl } from "../kube/index.js";
import type { TargetContext } from "../target.js";
import type { LocalCluster } from "./local-clusters.js";

export interface ProxyQuestion {
  client: { namespace: string; name: string };
  ip: string;
  port: number;
  protocol: string;
}

/** Whether `rules` (the node's ruleset as nft or iptables-save print it) REJECT the address. */
export function rejectsWithoutEndpoints(rules: string, mode: string, q: ProxyQuestion): boolean {
  const proto = q.protocol.toLowerCase();
  if (mode === "nftables") {
    const element = new RegExp(
      `\\b${q.ip.replaceAll(".", "\\.")} \\. ${proto} \\. ${q.port}(?: comment "[^"]*")? : goto reject-chain`,
    );
    return element.test(rules);
  }
  return rules
    .split("\n")
    .some(
      (l) =>
        l.includes(`-d ${q.ip}/32`) &&
        l.includes(`--dport ${q.port}`) &&
        l.includes(`-p ${proto}`) &&
        l.includes("has no endpoints") &&
        l.includes("-j REJECT"),
    );
}

/** Asks the client pod's node. */
export async function rejectedByProxy(
  kubectl: Kubectl,
  cluster: LocalCluster,
  q: ProxyQuestion,
  ctx: TargetContext,
): Promise<boolean> {
  const node = (
    await kubectl.run(
      ["kubectl", "get", "pod", "-n", q.client.namespace, q.client.name, "-o", "jsonpath={.spec.nodeName}"],
      ctx,
    )
  ).stdout.trim();
  if (!node) return false;
  const mode = cluster.shape.proxyMode;
  const argv = mode === "nftables" ? ["nft", "list", "ruleset"] : ["iptables-save", "-t", "filter"];
  const r = await cluster.handle.exec(node, argv, { signal: ctx.signal });
  return r.code === 0 && rejectsWithoutEndpoints(r.stdout, mode, q);
}
