/**
 * The modelled network between forward and its upstream resolvers: each address answers from the
 * upstream world unless a fault is set on it, and an address that is this CoreDNS itself sends the
 * query back through its own chain (`selfQuery`), which is how forwarding loops happen (and what
 * plugin/loop detects at startup).
 *
 * Faults live in an `UpstreamFaults` table shared by everything built on the same PluginEnv.upstream
 * array (every CoreDNS replica of a scenario), so a fault set through `upstreamFaultsFor(world)` is
 * seen by all of them; the self-query path stays per server (per env).
 */
import type { DnsMessage } from "../../message.js";
import type { DnsResult, PluginEnv } from "../../plugin.js";
import { replyTo } from "../shared/index.js";
import { fitToTransport, UpstreamWorld } from "./upstream-world.js";

/** A fault on one upstream address. */
export type AddressFault =
  /** Packets are lost: every exchange times out. */
  | { kind: "unreachable" }
  /** Replies arrive after `delayMs` (a timeout when that is over the read timeout). */
  | { kind: "slow"; delayMs: number }
  /** The resolver answers every query with this rcode (SERVFAIL, REFUSED...). */
  | { kind: "rcode"; rcode: string };

export type ExchangeOutcome =
  | { kind: "reply"; msg: DnsMessage; rttMs: number; viaSelf: boolean }
  | { kind: "timeout"; waitedMs: number; viaSelf: boolean };

/** A parsed upstream target. */
export interface UpstreamAddr {
  ip: string;
  port: number;
}

/** Round-trip time of a healthy modelled upstream. */
export const DEFAULT_RTT_MS = 1;
/** Guard against unbounded self-recursion when nothing (no loop plugin) stops a forwarding loop. */
const MAX_SELF_DEPTH = 16;

export function formatAddr(a: UpstreamAddr): string {
  return a.ip.includes(":") ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
}

function isLoopback(ip: string): boolean {
  return /^127\./.test(ip) || ip === "::1";
}

/** Per-address faults: `10.0.0.10` (every port), `10.0.0.10:5353`, or `*` (every upstream). */
export class UpstreamFaults {
  private readonly map = new Map<string, AddressFault>();

  /** Set or clear (undefined) the fault of an address. */
  set(address: string, fault: AddressFault | undefined): void {
    if (fault) this.map.set(address, fault);
    else this.map.delete(address);
  }

  of(a: UpstreamAddr): AddressFault | undefined {
    return this.map.get(formatAddr(a)) ?? this.map.get(a.ip) ?? this.map.get("*");
  }
}

const faultTables = new WeakMap<object, UpstreamFaults>();

/** The fault table of an upstream world (the array given as PluginEnv.upstream). */
export function upstreamFaultsFor(upstream: readonly unknown[]): UpstreamFaults {
  let t = faultTables.get(upstream);
  if (!t) {
    t = new UpstreamFaults();
    faultTables.set(upstream, t);
  }
  return t;
}

type NetEnv = Pick<PluginEnv, "upstream" | "selfAddresses" | "selfQuery" | "clock">;

export class UpstreamNet {
  private readonly world: UpstreamWorld;
  readonly faults: UpstreamFaults;
  private depth = 0;

  constructor(private readonly env: NetEnv) {
    this.world = new UpstreamWorld(env.upstream, env.clock.epochSeconds);
    this.faults = upstreamFaultsFor(env.upstream);
  }

  faultOf(a: UpstreamAddr): AddressFault | undefined {
    return this.faults.of(a);
  }

  /**
   * Does a query to `a` come back to this server? Its own pod/service addresses on the listen port or
   * on 53 (the Service maps 53 to the listen port), or any 127.0.0.0/8 / ::1 address on the listen
   * port (CoreDNS binds all interfaces, so `forward . 127.0.0.1:53` reaches itself).
   */
  isSelf(a: UpstreamAddr, listenPort: number): boolean {
    if (this.env.selfAddresses.includes(a.ip)) return a.port === listenPort || a.port === 53;
    return isLoopback(a.ip) && a.port === listenPort;
  }

  /**
   * One exchange with the upstream at `a` over `transport`: a reply from the world (or a fault's rcode
   * reply) is cut to the query's size over UDP (`fitToTransport`), as a real resolver sends it.
   */
  exchange(
    a: UpstreamAddr,
    query: DnsMessage,
    readTimeoutMs: number,
    listenPort: number,
    transport: "udp" | "tcp",
  ): ExchangeOutcome {
    const fault = this.faultOf(a);
    const viaSelf = this.isSelf(a, listenPort);
    if (fault?.kind === "unreachable") return { kind: "timeout", waitedMs: readTimeoutMs, viaSelf };
    const delay = fault?.kind === "slow" ? fault.delayMs : DEFAULT_RTT_MS;
    if (delay >= readTimeoutMs) return { kind: "timeout", waitedMs: readTimeoutMs, viaSelf };
    if (fault?.kind === "rcode") {
      const m = replyTo(query, fault.rcode);
      m.flags.ra = true;
      return { kind: "reply", msg: fitToTransport(query, m, transport), rttMs: delay, viaSelf };
    }
    if (viaSelf) return this.viaSelf(query, readTimeoutMs, delay);
    const ans = this.world.answer(query, a);
    if (ans.kind === "timeout") return { kind: "timeout", waitedMs: readTimeoutMs, viaSelf };
    return { kind: "reply", msg: fitToTransport(query, ans.msg, transport), rttMs: delay, viaSelf };
  }

  private viaSelf(query: DnsMessage, readTimeoutMs: number, delay: number): ExchangeOutcome {
    if (this.depth >= MAX_SELF_DEPTH) return { kind: "timeout", waitedMs: readTimeoutMs, viaSelf: true };
    this.depth++;
    let r: DnsResult;
    try {
      r = this.env.selfQuery(query);
    } finally {
      this.depth--;
    }
    const rtt = delay + (r.elapsedMs ?? 0);
    if (r.kind === "drop" || rtt >= readTimeoutMs)
      return { kind: "timeout", waitedMs: readTimeoutMs, viaSelf: true };
    const msg = r.kind === "reply" ? r.msg : replyTo(query, r.rcode);
    return { kind: "reply", msg, rttMs: rtt, viaSelf: true };
  }
}

const nets = new WeakMap<object, UpstreamNet>();

/** The UpstreamNet of one server's env (shared by its forward plugins). */
export function upstreamNetFor(env: NetEnv): UpstreamNet {
  let n = nets.get(env);
  if (!n) {
    n = new UpstreamNet(env);
    nets.set(env, n);
  }
  return n;
}
