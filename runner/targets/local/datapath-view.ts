/**
 * What the local cluster's nodes say about a connection, read where it happens: the client pod's
 * node's network namespace.
 * - kube-proxy's REJECT for a Service without endpoints (a client sees it as ECONNREFUSED, exactly
 *   like a closed port): nftables mode (pkg/proxy/nftables/proxier.go) puts `IP . PROTO . PORT` in
 *   the `no-endpoint-services` map with a `goto reject-chain` verdict; iptables mode
 *   (pkg/proxy/iptables/proxier.go) a `-j REJECT` rule for `-d IP/32 --dport PORT` commented
 *   "... has no endpoints" in the filter table's KUBE-SERVICES chain.
 * - nftables mode's REJECT for a port a cluster IP does not serve: the address is in the
 *   `cluster-ips` set and `cluster-ips-check` (hooked to filter-forward and filter-output-post-dnat,
 *   so only packets no service rule translated) rejects `ip daddr @cluster-ips` ("Reject traffic to
 *   invalid ports of ClusterIPs", syncProxyRules). iptables mode has no such rule: the packet is
 *   routed on untranslated and goes nowhere.
 * - The endpoints kube-proxy may translate a Service address to: nftables mode maps the address in
 *   `service-ips` to a `service-…` chain whose `numgen` vmap jumps to `endpoint-…__IP/PORT`
 *   chains; iptables mode jumps from KUBE-SERVICES to a KUBE-SVC-/KUBE-SVL- chain whose rules are
 *   commented `"ns/svc:port -> IP:PORT"`.
 * - The source address the destination saw: conntrack's reply tuple of the client's latest
 *   connection to the address (its destination is the client itself, or the node after SNAT).
 */
import type { ConnectionQuestion, DatapathView, Kubectl, PolicyView } from "../kube/index.js";
import type { TargetContext } from "../target.js";
import type { LocalCluster } from "./local-clusters.js";
import { denialOf, policyCounters, rejectedBy, type PolicyCounters } from "./policy-view.js";

const esc = (ip: string) => ip.replaceAll(".", "\\.");

/** Whether `rules` (the node's ruleset as nft or iptables-save prints it) REJECT the address. */
export function rejectsWithoutEndpoints(rules: string, mode: string, q: ConnectionQuestion): boolean {
  const proto = q.protocol.toLowerCase();
  if (mode === "nftables")
    return new RegExp(
      `\\b${esc(q.ip)} \\. ${proto} \\. ${q.port}(?: comment "[^"]*")? : goto reject-chain`,
    ).test(rules);
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

/**
 * Whether nftables-mode `rules` REJECT the address as a port its cluster IP does not serve: the IP
 * is in `cluster-ips`, `cluster-ips-check` rejects that set, and no `service-ips` or
 * `no-endpoint-services` element names this IP, protocol and port (those are translated, dropped or
 * rejected before).
 */
export function rulesRejectUnservedPort(rules: string, q: ConnectionQuestion): boolean {
  if (!/ip6? daddr @cluster-ips reject/.test(rules)) return false;
  // One set per family's table (ip and ip6 kube-proxy).
  const member = new RegExp(`[{,\\s]${esc(q.ip)}[,}\\s]`);
  const inSet = rules
    .split("set cluster-ips {")
    .slice(1)
    .some((rest) => member.test(rest.slice(0, rest.indexOf("\n\t}"))));
  const element = new RegExp(`\\b${esc(q.ip)} \\. ${q.protocol.toLowerCase()} \\. ${q.port}\\b`);
  return inSet && !element.test(rules);
}

/** The endpoint IPs the rules may translate the address to (empty when none or not a Service). */
export function endpointCandidates(rules: string, mode: string, q: ConnectionQuestion): string[] {
  const proto = q.protocol.toLowerCase();
  const ips = new Set<string>();
  if (mode === "nftables") {
    const element = new RegExp(
      `\\b${esc(q.ip)} \\. ${proto} \\. ${q.port}(?: comment "[^"]*")? : goto (service-[^\\s,}]+)`,
    ).exec(rules);
    if (!element) return [];
    const start = rules.indexOf(`chain ${element[1]} {`);
    const body = start < 0 ? "" : rules.slice(start, rules.indexOf("\n\t}", start));
    for (const m of body.matchAll(/goto endpoint-[^\s,}]*__([0-9.]+)\/\d+/g)) ips.add(m[1]!);
    return [...ips].sort();
  }
  const lines = rules.split("\n");
  const jump = lines.find(
    (l) =>
      l.startsWith("-A KUBE-SERVICES ") &&
      l.includes(`-d ${q.ip}/32`) &&
      l.includes(`-p ${proto}`) &&
      l.includes(`--dport ${q.port}`) &&
      /-j KUBE-(SVC|SVL)-/.test(l),
  );
  const chain = jump && /-j (KUBE-(?:SVC|SVL)-\w+)/.exec(jump)?.[1];
  if (!chain) return [];
  for (const l of lines)
    if (l.startsWith(`-A ${chain} `)) {
      const m = /-> ([0-9.]+):\d+/.exec(l);
      if (m) ips.add(m[1]!);
    }
  return [...ips].sort();
}

/** The reply tuple's destination of the latest conntrack entry `conntrack -L` printed, if any. */
export function replyDestination(conntrack: string): string | undefined {
  const lines = conntrack.split("\n").filter((l) => /\bsrc=/.test(l));
  const last = lines[lines.length - 1];
  const dsts = last ? [...last.matchAll(/\bdst=([0-9.]+)/g)].map((m) => m[1]!) : [];
  return dsts[1];
}

/** DatapathView over the local cluster's nodes. */
export class LocalDatapath implements DatapathView {
  private readonly clients = new WeakMap<
    ConnectionQuestion,
    Promise<{ node: string; ip: string } | undefined>
  >();

  constructor(
    private readonly kubectl: () => Kubectl,
    private readonly cluster: () => LocalCluster,
  ) {}

  /** kube-router's REJECT counters around a connection (policy-view.ts). */
  readonly policy: PolicyView<PolicyCounters> = {
    snapshot: (ctx) => policyCounters(this.cluster(), ctx),
    denial: async (q, before, ctx) => {
      const after = await policyCounters(this.cluster(), ctx);
      if (!after) return undefined;
      return denialOf(`${q.client.namespace}/${q.client.name}`, rejectedBy(before, after));
    },
  };

  async rejected(q: ConnectionQuestion, ctx: TargetContext): Promise<boolean> {
    const rules = await this.rules(q, ctx);
    if (!rules) return false;
    if (rejectsWithoutEndpoints(rules.text, rules.mode, q)) return true;
    return rules.mode === "nftables" && rulesRejectUnservedPort(rules.text, q);
  }

  async candidates(q: ConnectionQuestion, ctx: TargetContext): Promise<string[]> {
    const rules = await this.rules(q, ctx);
    return rules ? endpointCandidates(rules.text, rules.mode, q) : [];
  }

  async sourceSeen(q: ConnectionQuestion, ctx: TargetContext): Promise<string | undefined> {
    const client = await this.client(q, ctx);
    if (!client) return undefined;
    const argv = [
      "conntrack",
      "-L",
      "-p",
      q.protocol.toLowerCase(),
      "--orig-src",
      client.ip,
      "--orig-dst",
      q.ip,
    ];
    const r = await this.cluster().handle.exec(client.node, [...argv, "--dport", String(q.port)], {
      signal: ctx.signal,
    });
    return r.code === 0 ? replyDestination(r.stdout) : undefined;
  }

  /** The client pod's node and IP, asked once per question (one probe asks several things of it). */
  private client(
    q: ConnectionQuestion,
    ctx: TargetContext,
  ): Promise<{ node: string; ip: string } | undefined> {
    // A client outside the cluster: its connection's conntrack entry is on the node it entered at.
    if (q.outside) return Promise.resolve({ node: q.outside.node, ip: q.outside.ip });
    let found = this.clients.get(q);
    if (!found) this.clients.set(q, (found = this.lookUpClient(q, ctx)));
    return found;
  }

  private async lookUpClient(
    q: ConnectionQuestion,
    ctx: TargetContext,
  ): Promise<{ node: string; ip: string } | undefined> {
    const r = await this.kubectl().run(
      [
        "kubectl",
        "get",
        "pod",
        "-n",
        q.client.namespace,
        q.client.name,
        "-o",
        "jsonpath={.spec.nodeName} {.status.podIP}",
      ],
      ctx,
    );
    const [node, ip] = r.stdout.trim().split(/\s+/);
    return node && ip ? { node, ip } : undefined;
  }

  private async rules(
    q: ConnectionQuestion,
    ctx: TargetContext,
  ): Promise<{ text: string; mode: string } | undefined> {
    const client = await this.client(q, ctx);
    if (!client) return undefined;
    const mode = this.cluster().shape.proxyMode;
    const argv = mode === "nftables" ? ["nft", "list", "ruleset"] : ["iptables-save"];
    const r = await this.cluster().handle.exec(client.node, argv, { signal: ctx.signal });
    return r.code === 0 ? { text: r.stdout, mode } : undefined;
  }
}
