/**
 * A connection through a service: how the packet reached kube-proxy (a cluster IP from inside, a
 * NodePort, a LoadBalancer ingress IP or an externalIP from outside), kube-proxy's translation
 * (kube-proxy.ts: the one backend decision), the DNAT hop, and kube-proxy's SNAT — masquerade under
 * externalTrafficPolicy Cluster and for hairpin traffic (pkg/proxy/iptables/proxier.go KUBE-MARK-MASQ).
 */
import type { Node, Pod, Protocol, Service } from "../cluster/index.js";
import { toPod } from "./delivery.js";
import { rejectsUnservedPort, translateService, type Backend } from "./kube-proxy.js";
import { unsupported, type PathContext, type Trace } from "./path-context.js";
import { key, nodeIp, syntheticSource } from "./peers.js";
import type { ConnectResult } from "./types.js";

/** How the packet reached kube-proxy: a cluster IP from inside, or from outside on `node`. */
export type Entry =
  | { kind: "cluster-ip" }
  | { kind: "node-port"; node: Node; nodePort: number }
  | { kind: "external-ip"; ip: string; node: Node; via: "LoadBalancer" | "externalIPs" };

const RULES = {
  "cluster-ip": "service-dnat",
  "node-port": "nodeport-dnat",
  LoadBalancer: "loadbalancer-dnat",
  externalIPs: "externalip-dnat",
} as const;

function ruleOf(entry: Entry): string {
  return RULES[entry.kind === "external-ip" ? entry.via : entry.kind];
}

function servicePort(svc: Service, port: number | string, protocol: Protocol, entry: Entry) {
  return entry.kind === "node-port"
    ? svc.spec.ports.find((p) => p.nodePort === entry.nodePort && p.protocol === protocol)
    : svc.spec.ports.find(
        (p) => (typeof port === "number" ? p.port === port : p.name === port) && p.protocol === protocol,
      );
}

/** A packet to a service port: kube-proxy's translation, then the chosen endpoint. */
export function toService(
  ctx: PathContext,
  src: Pod,
  svc: Service,
  port: number | string,
  protocol: Protocol,
  trace: Trace,
  entry: Entry = { kind: "cluster-ip" },
): ConnectResult {
  const { hops, reasons } = trace;
  if (svc.spec.type === "ExternalName")
    return unsupported("connecting to an ExternalName service (no proxying; it is DNS only)");
  if (svc.spec.clusterIP === "None" && entry.kind === "cluster-ip")
    return unsupported("connecting to a headless service (no virtual IP)");
  const sp = servicePort(svc, port, protocol, entry);
  const vip =
    entry.kind === "cluster-ip"
      ? svc.spec.clusterIPs[0]
      : entry.kind === "node-port"
        ? nodeIp(entry.node)
        : entry.ip;
  if (!sp) return noServicePort(ctx, svc, `${port}/${protocol}`, vip, entry, trace);
  // Traffic from outside follows externalTrafficPolicy on the node it arrived at; traffic from
  // inside follows internalTrafficPolicy on the client's node.
  const external = entry.kind !== "cluster-ip";
  const at = entry.kind === "cluster-ip" ? src.spec.nodeName : entry.node.metadata.name;
  const t = translateService(
    ctx.view,
    { svc, sp, protocol, node: at, external, clientIp: src.status.podIP },
    { proxyMode: ctx.options.proxyMode, rng: ctx.options.rng, staleRules: ctx.options.staleRules },
  );
  if (t.stale) reasons.push(`kube-proxy on ${at} is down: it still uses the endpoints from before the fault`);
  if (t.kind !== "backend") {
    reasons.push(`service ${key(svc)} (${t.policy} traffic policy): ${t.why}`);
    return { verdict: t.kind === "reject" ? "rejected" : "timeout", candidates: [], hops, reasons };
  }
  const pick = t.backend;
  const candidates = t.pool.map((b) => key(b.pod));
  hops.push({
    hop: ruleOf(entry),
    args: [key(svc)],
    detail: `${vip}:${entry.kind === "node-port" ? entry.nodePort : sp.port} → ${pick.pod.status.podIP}:${pick.port}`,
  });
  reasons.push(
    `${proxyName(ctx)} picked ${key(pick.pod)}: ${t.why}${t.affinity ? " (sessionAffinity ClientIP pins this client)" : ""}`,
  );
  const seen = seenFrom(ctx, src, svc, pick, entry, t.policy, trace);
  if (seen === "skip-policy") {
    hops.push({ hop: "pod", args: [key(pick.pod)], detail: `${pick.pod.status.podIP}:${pick.port}` });
    return {
      verdict: "allowed",
      landedOn: key(pick.pod),
      candidates,
      sourceIp: hairpinSource(ctx, src, trace),
      destinationIp: pick.pod.status.podIP,
      hops,
      reasons,
    };
  }
  if (external && seen.spec.nodeName !== pick.pod.spec.nodeName)
    hops.push({
      hop: "route",
      args: [pick.pod.spec.nodeName ?? ""],
      detail: `${at} → ${pick.pod.spec.nodeName}`,
    });
  return toPod(ctx, seen, pick.pod, { port: pick.port, protocol }, trace, candidates);
}

/**
 * A packet to a port the Service does not define: rejected by nftables-mode kube-proxy when it is a
 * cluster IP (kube-proxy.ts rejectsUnservedPort), else no rule matches and it goes nowhere. A
 * plugin's own service proxy (OVN load balancers) is not kube-proxy and keeps the no-rule answer.
 */
function noServicePort(
  ctx: PathContext,
  svc: Service,
  port: string,
  vip: string | undefined,
  entry: Entry,
  { hops, reasons }: Trace,
): ConnectResult {
  if (
    entry.kind === "cluster-ip" &&
    !ctx.profile.serviceProxy &&
    rejectsUnservedPort(ctx.options.proxyMode)
  ) {
    reasons.push(
      `service ${key(svc)} has no port ${port}: kube-proxy (nftables) rejects traffic to ports a cluster IP does not serve (${vip} is in its cluster-ips set)`,
    );
    return { verdict: "rejected", candidates: [], hops, reasons };
  }
  reasons.push(
    `service ${key(svc)} has no port ${port}: kube-proxy installs no rule, the packet to ${vip} goes nowhere`,
  );
  return { verdict: "timeout", candidates: [], hops, reasons };
}

/** What translated the Service: kube-proxy in its mode, or the plugin's own (OVN load balancers). */
function proxyName(ctx: PathContext): string {
  return ctx.profile.serviceProxy ?? `kube-proxy (${ctx.options.proxyMode ?? "iptables"})`;
}

/** A hairpin's source after the plugin's own SNAT (OVN's hairpin_snat_ip), else the pod's address. */
function hairpinSource(ctx: PathContext, src: Pod, trace: Trace): string | undefined {
  const ips = ctx.profile.hairpinSourceIp;
  const own = src.status.podIP;
  if (!ips || !own) return own;
  const ip = own.includes(":") ? ips.v6 : ips.v4;
  trace.reasons.push(`${ctx.profile.name} SNATs the hairpin to ${ip} (load balancer hairpin_snat_ip)`);
  return ip;
}

/**
 * The source the endpoint sees after kube-proxy's SNAT: outside traffic under Cluster policy is
 * masqueraded to the node's IP (it may be forwarded to another node); Local keeps the client's
 * address. A pod that reaches itself through its service (hairpin) is masqueraded too (KUBE-SEP:
 * -s <endpoint> -j MASQ); what policy then does with it is the CNI's choice (cni-profiles.ts).
 */
function seenFrom(
  ctx: PathContext,
  src: Pod,
  svc: Service,
  pick: Backend,
  entry: Entry,
  policy: "Cluster" | "Local",
  trace: Trace,
): Pod | "skip-policy" {
  const { reasons } = trace;
  const rule = ruleOf(entry);
  if (entry.kind !== "cluster-ip") {
    if (policy === "Local") {
      reasons.push(`${rule}: externalTrafficPolicy Local keeps the client address ${src.status.podIP}`);
      return src;
    }
    reasons.push(`${rule}: externalTrafficPolicy Cluster masquerades the client to ${nodeIp(entry.node)}`);
    return syntheticSource(nodeIp(entry.node), entry.node.metadata.name, true);
  }
  if (key(pick.pod) !== key(src)) return src;
  const { profile } = ctx;
  reasons.push(
    `hairpin: ${key(src)} reached itself through ${key(svc)}; ${ctx.profile.serviceProxy ?? "kube-proxy"} masquerades the source`,
  );
  if (profile.serviceLoopback === "node-traffic") {
    const node = src.spec.nodeName ? ctx.view.node(src.spec.nodeName) : undefined;
    return syntheticSource(node ? nodeIp(node) : (src.status.podIP ?? ""), src.spec.nodeName ?? "", true);
  }
  if (profile.serviceLoopback === "skip-policy") {
    reasons.push(`${profile.name} skips policy for service loopback (${profile.cite})`);
    return "skip-policy";
  }
  reasons.push(`${profile.name} applies the pod's own policy to its service loopback (${profile.cite})`);
  return src;
}

/** A packet to NODE:PORT: the service owning that nodePort, entering kube-proxy on that node. */
export function toNodePort(
  ctx: PathContext,
  src: Pod,
  node: Node,
  port: number | string,
  protocol: Protocol,
  trace: Trace,
): ConnectResult {
  if (typeof port !== "number")
    return unsupported("a named port on a node address (use the nodePort number)");
  const svc = [...ctx.view.services()].find((s) =>
    s.spec.ports.some((p) => p.nodePort === port && p.protocol === protocol),
  );
  if (!svc) {
    trace.reasons.push(
      `no service has nodePort ${port}/${protocol}: nothing listens on ${nodeIp(node)}:${port}`,
    );
    return { verdict: protocol === "TCP" ? "refused" : "timeout", candidates: [], ...trace };
  }
  return toService(ctx, src, svc, port, protocol, trace, { kind: "node-port", node, nodePort: port });
}

/**
 * A packet to a LoadBalancer ingress IP or an externalIP of `svc`. A cloud load balancer
 * health-checks nodes: under externalTrafficPolicy Local only nodes with a local endpoint receive
 * traffic; otherwise it spreads over every node.
 */
export function toExternalIp(
  ctx: PathContext,
  src: Pod,
  svc: Service,
  ip: string,
  port: number | string,
  protocol: Protocol,
  trace: Trace,
): ConnectResult {
  const { view } = ctx;
  const via = svc.spec.externalIPs.includes(ip) ? "externalIPs" : "LoadBalancer";
  const nodes = [...view.nodes()];
  const eligible =
    (svc.spec.externalTrafficPolicy ?? "Cluster") === "Local"
      ? nodes.filter((n) =>
          [...view.endpointSlicesFor(svc.metadata.namespace, svc.metadata.name)].some((sl) =>
            sl.endpoints.some((e) => e.nodeName === n.metadata.name && e.conditions.ready !== false),
          ),
        )
      : nodes;
  const pool = eligible.length ? eligible : nodes;
  const node = pool[ctx.options.rng.int(pool.length)]!;
  trace.hops.push({
    hop: "node",
    args: [node.metadata.name],
    detail: `${via} ${ip} delivered to ${nodeIp(node)}`,
  });
  return toService(ctx, src, svc, port, protocol, trace, { kind: "external-ip", ip, node, via });
}
