/**
 * The way of one DNS query through the cluster: the source pod or node → its first nameserver
 * (kubelet's dnsPolicy rules, dns-behaviour.md §10.2) → for a Service IP, kube-proxy's translation on
 * the source's node (engine/datapath translateService: the same decision as for any other packet, so
 * traffic policies, the terminating fallback and session affinity apply) → faults on the way (packet
 * loss, a down node, a partition) → NetworkPolicy on the translated packet → the CoreDNS instance of
 * the chosen replica, which sees the source's IP as the client. The nodes' own resolvers (outside the
 * cluster) answer from the scenario's upstream world.
 */
import type { BuiltProfile, ClusterRuntime, Pod } from "../cluster/index.js";
import { rejectsUnservedPort, translateService } from "../datapath/index.js";
import {
  encodeMessage,
  encodeReply,
  fitToTransport,
  makeQuery,
  upstreamFaultsFor,
  UpstreamWorld,
} from "../dns/index.js";
import type { DnsMessage } from "../dns/index.js";
import { EngineError, type DnsExchange, type DnsQueryRequest } from "../engine.js";
import { canonicalIp } from "../net/index.js";
import type { ResolvConf } from "../resolver/index.js";
import type { Clock, Rng, UpstreamEntry } from "../support/index.js";
import type { DnsDeployment } from "./dns-deployment.js";
import { notFound } from "./errors.js";
import type { FaultState } from "./fault-state.js";

/** dns.EDNS0NSID (RFC 5001). */
const NSID_OPTION_CODE = 3;

/** A stub resolver's timeout for one try (glibc/musl default `timeout:5`). */
const TIMEOUT_MS = 5000;

export interface QueryPathDeps {
  runtime: ClusterRuntime;
  profile: BuiltProfile;
  hostResolvConf: ResolvConf;
  proxyMode: "iptables" | "ipvs" | "nftables" | undefined;
  /** Query IDs. */
  rng: Rng;
  /** kube-proxy's backend draws for DNS traffic. */
  proxyRng: Rng;
  clock: Clock;
  upstream: UpstreamEntry[];
  faults: FaultState;
  deployment: DnsDeployment;
  /** NetworkPolicy's verdict on one packet (the datapath's). */
  policyAllows(
    src: Pod,
    dst: Pod,
    port: number,
    protocol: "UDP" | "TCP",
  ): { allowed: boolean; reason: string };
}

export interface QueryOptions {
  rd?: boolean;
  bufsize?: number;
  do?: boolean;
  class?: string;
  nsid?: boolean;
}

/** One query on its way: where to, over what, and the reasons collected so far. */
interface InFlight {
  server: string;
  serverIp: string;
  port: number;
  transport: "udp" | "tcp";
  msg: DnsMessage;
  srcIp: string;
  reasons: string[];
}

/** `ip`, `ip:port` or `[ip6]:port` → the canonical address and port. */
function parseServer(spec: string): { ip: string; port: number; server: string } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(spec) ?? /^([^:]+):(\d+)$/.exec(spec);
  const ip = canonicalIp(m ? m[1]! : spec);
  if (!ip) throw new EngineError(`invalid DNS server address "${spec}"`, "request/invalid");
  const port = m ? Number(m[2]) : 53;
  const server = port === 53 ? ip : ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
  return { ip, port, server };
}

const internalIp = (addresses: { type: string; address: string }[]) =>
  addresses.find((a) => a.type === "InternalIP")?.address ?? "0.0.0.0";

export class QueryPath {
  private world: UpstreamWorld | undefined;

  constructor(private readonly deps: QueryPathDeps) {}

  dns(request: DnsQueryRequest): DnsExchange {
    const src = this.source(request.from);
    return this.exchange(
      src.ip,
      request.server ?? src.server,
      request.name,
      request.type,
      request.transport ?? "udp",
      {
        rd: request.recursionDesired ?? true,
        bufsize: request.bufsize,
        do: request.dnssecOk,
        class: request.class,
        nsid: request.nsid,
      },
    );
  }

  /** The source's IP and its first resolv.conf nameserver (kubelet dnsPolicy rules, §10.2). */
  source(from: DnsQueryRequest["from"]): { ip: string; server: string } {
    const { store } = this.deps.runtime;
    const clusterDns = this.deps.profile.clusterDns[0]!;
    if (!from) return { ip: internalIp([...store.nodes()][0]?.status.addresses ?? []), server: clusterDns };
    if ("node" in from) {
      const node = store.node(from.node);
      if (!node) throw notFound("nodes", from.node);
      return {
        ip: internalIp(node.status.addresses),
        server: this.deps.hostResolvConf.nameservers[0] ?? "127.0.0.1",
      };
    }
    const pod = store.pod(from.pod.namespace, from.pod.name);
    if (!pod) throw notFound("pods", from.pod.name, from.pod.namespace);
    if (!pod.status.podIP)
      throw new EngineError(
        `pod ${from.pod.namespace}/${from.pod.name} has no IP (phase ${pod.status.phase}${pod.status.reason ? `, ${pod.status.reason}` : ""})`,
        "object/not-ready",
      );
    const policy = pod.spec.dnsPolicy;
    const clusterFirst =
      policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && !pod.spec.hostNetwork);
    const base = policy === "None" ? [] : clusterFirst ? [clusterDns] : this.deps.hostResolvConf.nameservers;
    const servers = [...base, ...(pod.spec.dnsConfig?.nameservers ?? [])];
    if (servers.length === 0)
      throw new EngineError(`pod ${from.pod.namespace}/${from.pod.name} has no nameserver`, "object/invalid");
    return { ip: pod.status.podIP, server: servers[0]! };
  }

  /** One query from `srcIp` to `serverSpec` (`ip` or `ip:port`); dns() and the stub resolvers use it. */
  exchange(
    srcIp: string,
    serverSpec: string,
    name: string,
    type: string,
    transport: "udp" | "tcp",
    opts: QueryOptions = {},
  ): DnsExchange {
    const { ip: serverIp, port, server } = parseServer(serverSpec);
    const msg = makeQuery({
      name,
      type,
      rd: opts.rd ?? true,
      bufsize: opts.bufsize,
      do: opts.do,
      class: opts.class,
      id: this.deps.rng.int(65536),
    });
    // dig +nsid: an empty NSID option (RFC 5001 §2.1) in an OPT record of its own if there was none.
    if (opts.nsid) {
      msg.edns ??= { udpSize: 1232, do: false, options: [] };
      msg.edns.options.push({ code: NSID_OPTION_CODE, data: new Uint8Array(0) });
    }
    const q: InFlight = { server, serverIp, port, transport, msg, srcIp, reasons: [] };
    const lost = this.deps.faults.packetLost(transport);
    if (lost !== undefined)
      return this.timeout(
        q,
        `packet lost on the way to ${server} (dns-packet-loss ${Math.round(lost * 100)}%)`,
      );
    if (port === 53 && this.deps.hostResolvConf.nameservers.includes(serverIp)) return this.nodeResolver(q);
    return this.throughCluster(q);
  }

  private timeout(q: InFlight, why?: string): DnsExchange {
    if (why) q.reasons.push(why);
    return { server: q.server, transport: q.transport, elapsedMs: TIMEOUT_MS, reasons: q.reasons };
  }

  private refused(q: InFlight, why?: string): DnsExchange {
    if (why) q.reasons.push(why);
    return { server: q.server, transport: q.transport, elapsedMs: 0, reasons: q.reasons, refused: true };
  }

  /**
   * The nodes' own resolvers (outside the cluster) answer from the scenario's upstream world, as
   * `forward . /etc/resolv.conf` sees it: what `dnsPolicy: Default` pods and nodes query.
   */
  private nodeResolver(q: InFlight): DnsExchange {
    q.reasons.push(`${q.serverIp} is a node resolver outside the cluster: answered from the upstream world`);
    const fault = upstreamFaultsFor(this.deps.upstream).of({ ip: q.serverIp, port: 53 });
    if (fault?.kind === "unreachable")
      return this.timeout(q, `${q.serverIp} is unreachable (upstream-unreachable)`);
    this.world ??= new UpstreamWorld(this.deps.upstream, this.deps.clock.epochSeconds);
    const ans = this.world.answer(q.msg, { ip: q.serverIp, port: 53 });
    if (ans.kind === "timeout") return this.timeout(q, "the upstream world does not answer this name");
    // Over UDP cut to the query's size as the world's processes cut it (fitToTransport).
    const reply = fitToTransport(
      q.msg,
      fault?.kind === "rcode"
        ? { ...ans.msg, rcode: fault.rcode, answer: [], authority: [], additional: [] }
        : ans.msg,
      q.transport,
    );
    return {
      server: q.server,
      transport: q.transport,
      reply,
      // The world's processes send their replies compressed.
      size: encodeMessage(reply, { compress: true }).length,
      elapsedMs: 1 + (fault?.kind === "slow" ? fault.delayMs : 0),
      reasons: q.reasons,
    };
  }

  /** A query into the cluster: kube-proxy for a Service IP, then the pod's CoreDNS. */
  private throughCluster(q: InFlight): DnsExchange {
    const routed = this.route(q);
    if (routed === "refused") return this.refused(q);
    if (!routed) return this.timeout(q);
    const { store } = this.deps.runtime;
    // A stale kube-proxy rule may name a pod that is gone; otherwise the packet meets the pod as it is now.
    const pod = store.pod(routed.pod.metadata.namespace, routed.pod.metadata.name);
    if (!pod)
      return this.timeout(
        q,
        `no pod has ${routed.pod.status.podIP} any more (a stale kube-proxy rule): the packet is lost`,
      );
    const port = routed.port;
    const target = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const dropped = this.deps.faults.dropReason(this.nodeOfIp(q.srcIp), pod.spec.nodeName, target);
    if (dropped) return this.timeout(q, dropped);
    // Policy (every tier: AdminNetworkPolicy, NetworkPolicy, the baseline) applies to DNS like any
    // traffic, after kube-proxy's DNAT: an egress policy that does not allow port 53 to the CoreDNS
    // pods makes every lookup from the pod time out.
    const srcPod = store.podsByIP(q.srcIp).find((p) => !p.spec.hostNetwork);
    if (srcPod) {
      const verdict = this.deps.policyAllows(srcPod, pod, port, q.transport === "udp" ? "UDP" : "TCP");
      if (!verdict.allowed) return this.timeout(q, `policy drops the query: ${verdict.reason}`);
    }
    if (this.deps.faults.isDown(pod))
      return this.refused(
        q,
        `nothing listens in ${pod.metadata.name} (CoreDNS is down): ICMP port unreachable`,
      );
    if (!this.deps.deployment.runsCoredns(pod)) return this.timeout(q, `pod ${target} does not run CoreDNS`);
    return this.answer(q, pod, port);
  }

  /** The CoreDNS instance of `pod` answers on `port`, seeing the source's IP as the client. */
  private answer(q: InFlight, pod: Pod, port: number): DnsExchange {
    const instance = this.deps.deployment.instanceFor(pod);
    if (!instance.ports().includes(port))
      return this.timeout(q, `CoreDNS in ${pod.metadata.name} does not listen on port ${port}`);
    const out = instance.query(q.msg, { clientIp: q.srcIp, transport: q.transport, port });
    q.reasons.push(...out.reasons);
    const answeredBy = { namespace: pod.metadata.namespace, name: pod.metadata.name };
    const { server, transport, reasons } = q;
    if (!out.reply) return { server, transport, elapsedMs: out.elapsedMs, reasons, answeredBy };
    const limit = transport === "tcp" ? 65535 : (q.msg.edns?.udpSize ?? 512);
    const msgs = [out.reply, ...(out.more ?? [])];
    // A zone transfer of several messages reads as one reply: the first's header, every answer in
    // order (what dig prints for an AXFR); the sizes add up.
    const reply = msgs.length === 1 ? out.reply : { ...out.reply, answer: msgs.flatMap((m) => m.answer) };
    if (msgs.length > 1) reasons.push(`the reply is ${msgs.length} messages (a zone transfer), read as one`);
    return {
      server,
      transport,
      answeredBy,
      reply,
      ...(msgs.length > 1 ? { messages: msgs.length } : {}),
      // The bytes CoreDNS writes: uncompressed when the reply fits, compressed once truncated.
      size: msgs.reduce((n, m) => n + encodeReply(m, limit).length, 0),
      elapsedMs: out.elapsedMs,
      reasons,
    };
  }

  /**
   * Where the packet goes: a Service IP through kube-proxy on the source's node (REJECT → refused,
   * DROP or no rule → undefined), a pod IP directly.
   */
  private route(q: InFlight): { pod: Pod; port: number } | "refused" | undefined {
    const { store } = this.deps.runtime;
    const protocol = q.transport === "udp" ? "UDP" : "TCP";
    const svc = store.servicesByClusterIP(q.serverIp)[0];
    if (!svc) {
      const pod = store.podsByIP(q.serverIp).find((p) => !p.spec.hostNetwork);
      if (pod) return { pod, port: q.port };
      q.reasons.push(
        `nothing in the cluster model listens on ${q.serverIp} (an upstream resolver outside the cluster is not modelled as a server)`,
      );
      return undefined;
    }
    const name = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const sp = svc.spec.ports.find((p) => p.port === q.port && p.protocol === protocol);
    if (!sp) {
      if (rejectsUnservedPort(this.deps.proxyMode)) {
        q.reasons.push(
          `kube-proxy (nftables): ${name} has no ${q.port}/${protocol} port → REJECT (cluster-ips-check)`,
        );
        return "refused";
      }
      q.reasons.push(`service ${name} has no ${q.port}/${protocol} port`);
      return undefined;
    }
    const node = this.nodeOfIp(q.srcIp);
    const t = translateService(
      store,
      { svc, sp, protocol, node, external: false, clientIp: q.srcIp },
      {
        proxyMode: this.deps.proxyMode,
        rng: this.deps.proxyRng,
        staleRules: (n) => this.deps.faults.staleRules(n),
      },
    );
    if (t.stale)
      q.reasons.push(
        `kube-proxy on ${node} is down: its rules for ${name}:${q.port}/${protocol} are from before the fault`,
      );
    if (t.kind !== "backend") {
      if (t.kind === "reject") {
        q.reasons.push(`kube-proxy: ${name} has no endpoints → REJECT (icmp-port-unreachable)`);
        return "refused";
      }
      q.reasons.push(`kube-proxy: ${name} (${t.policy} traffic policy): ${t.why}`);
      return undefined;
    }
    const { pod, port } = t.backend;
    q.reasons.push(
      `kube-proxy: ${q.serverIp}:${q.port}/${protocol} → ${pod.metadata.namespace}/${pod.metadata.name} ${pod.status.podIP}:${port}`,
    );
    // A random ready endpoint needs no further word; a traffic policy, the terminating fallback or
    // session affinity that made the choice is named.
    if (t.narrowed || t.affinity)
      q.reasons.push(
        `kube-proxy: ${t.policy} traffic policy, ${t.why}${t.affinity ? `; sessionAffinity ClientIP pins ${q.srcIp} to this endpoint` : ""}`,
      );
    return { pod, port };
  }

  /** The node an address lives on: a pod's node, or a node's own address. */
  private nodeOfIp(ip: string): string | undefined {
    const { store } = this.deps.runtime;
    const pod = store.podsByIP(ip)[0];
    if (pod?.spec.nodeName) return pod.spec.nodeName;
    for (const n of store.nodes())
      if (n.status.addresses.some((a) => a.address === ip)) return n.metadata.name;
    return undefined;
  }
}
