/**
 * The CoreDNS process model: parse the Corefile, set up every server block's plugins from a factory
 * registry (unknown directives fail like CoreDNS), order each chain by plugin.cfg, group blocks into
 * one server per port, run startup hooks, and answer structured or wire queries.
 */
import type { SourceText } from "../support/index.js";
import { parseCorefile } from "./corefile/index.js";
import type { DnsMessage } from "./message.js";
import { pluginRank } from "./order.js";
import { CorefileError } from "./plugin.js";
import type { DnsResult, Plugin, PluginEnv, PluginFactory, SelfQueryClient, ServerBlock } from "./plugin.js";
import { notModelled } from "./plugins/unmodelled.js";
import { DnsServer } from "./server.js";
import type { Chain, ServeMeta } from "./server.js";
import { ReplyCache, uncacheableReason } from "./reply-cache.js";
import { decodeMessage, encodeReply } from "./wire/index.js";

export interface DnsServiceOptions {
  corefile: SourceText;
  env: Omit<PluginEnv, "selfQuery" | "log">;
}

export interface QueryMeta {
  clientIp: string;
  transport: "udp" | "tcp";
  port: number;
  clientPort?: number;
  /** The local address and port the query arrived at, when the transport knows them (plugin/view). */
  serverIp?: string;
  serverPort?: number;
}

/** A structured reply: the message, any later messages of a transfer, and why. */
export interface QueryOutcome {
  reply?: DnsMessage;
  /** The messages after `reply` on the same TCP connection (a zone transfer of several envelopes). */
  more?: DnsMessage[];
  elapsedMs: number;
  reasons: string[];
}

export interface DnsService {
  /** Answer one structured query on a port; no reply means the client times out. */
  query(msg: DnsMessage, meta: QueryMeta): QueryOutcome;
  /** Answer one packet: FORMERR for garbage with a parseable header, undefined (drop) otherwise; never throws. */
  handleWire(packet: Uint8Array, meta: QueryMeta): Uint8Array | undefined;
  /**
   * Every message the reply to one packet consists of, in order: one for a query, several for a zone
   * transfer over TCP (plugin/transfer), none for a drop. `handleWire` is the first of them.
   */
  handleWireMessages(packet: Uint8Array, meta: QueryMeta): Uint8Array[];
  /** How many wire replies were reused from the reply cache, computed, or computed uncached. */
  replyCacheStats(): { hits: number; misses: number; bypassed: number };
  /** The ports the Corefile binds. */
  ports(): number[];
  /**
   * The HTTP endpoints the process serves (plugin/health's and plugin/ready's addresses, their
   * default ports :8080 and :8181), which kubelet's liveness and readiness probes reach.
   */
  httpEndpoints(): { plugin: "health" | "ready"; port: number }[];
  status(): { running: boolean; ready: boolean; reason?: string; log: string[] };
}

/** How deep ExternalName re-queries may nest through the server before they are dropped. */
const MAX_SELF_QUERY_DEPTH = 8;

/** Build the service with an explicit plugin registry (createDnsService in index.ts passes the full one). */
export function createDnsServiceWith(
  opts: DnsServiceOptions,
  factories: readonly PluginFactory[],
): DnsService {
  return new CorednsProcess(opts, factories);
}

/**
 * One CoreDNS process: every server block's plugins set up (caddy's directive setup, in Corefile
 * order), each chain ordered by plugin.cfg, blocks grouped into one server per port
 * (core/dnsserver register.go MakeServers), then every plugin's startup hook.
 */
class CorednsProcess implements DnsService {
  private readonly log: string[] = [];
  private readonly servers = new Map<number, DnsServer>();
  private readonly plugins: Plugin[] = [];
  private readonly fatal: string | undefined;
  /** How deep ExternalName re-queries through the server nest right now. */
  private depth = 0;
  /** Encoded replies of the ports whose chains allow it (reply-cache.ts), per cluster revision. */
  private readonly replies = new ReplyCache();
  private readonly cacheablePorts = new Set<number>();
  private readonly cluster: DnsServiceOptions["env"]["cluster"];

  constructor(opts: DnsServiceOptions, factories: readonly PluginFactory[]) {
    this.cluster = opts.env.cluster;
    const registry = new Map(factories.map((f) => [f.name, f]));
    const byPort = new Map<number, Chain[]>();
    // plugin/pkg/edns's supported set is process-wide: every server block adds to one set.
    const ednsSupported = new Set<number>();
    for (const block of parseCorefile(opts.corefile)) {
      const env: PluginEnv = {
        ...opts.env,
        ednsSupported,
        selfQuery: this.selfQuery(block.port),
        log: (l) => this.log.push(l),
      };
      const plugins = setupBlock(block, env, registry);
      this.plugins.push(...plugins);
      const list = byPort.get(block.port) ?? [];
      list.push({ block, plugins });
      byPort.set(block.port, list);
    }
    for (const [port, chains] of byPort) {
      this.servers.set(port, new DnsServer(port, chains, ednsSupported));
      if (!uncacheableReason(chains.flatMap((c) => c.plugins))) this.cacheablePorts.add(port);
    }
    for (const p of this.plugins) {
      const r = p.startup?.();
      if (r?.fatal && !this.fatal) {
        this.fatal = r.fatal;
        this.log.push(r.fatal);
      }
    }
  }

  query(msg: DnsMessage, meta: QueryMeta): QueryOutcome {
    if (this.fatal) return { elapsedMs: 0, reasons: [`CoreDNS is not running: ${this.fatal}`] };
    const server = this.servers.get(meta.port);
    if (!server) return { elapsedMs: 0, reasons: [`nothing listens on port ${meta.port}`] };
    const serveMeta: ServeMeta = { clientIp: meta.clientIp, transport: meta.transport };
    if (meta.clientPort !== undefined) serveMeta.clientPort = meta.clientPort;
    if (meta.serverIp !== undefined) serveMeta.serverIp = meta.serverIp;
    if (meta.serverPort !== undefined) serveMeta.serverPort = meta.serverPort;
    return server.serve(msg, serveMeta);
  }

  handleWire(packet: Uint8Array, meta: QueryMeta): Uint8Array | undefined {
    if (this.fatal || !this.cacheablePorts.has(meta.port)) return this.answerWire(packet, meta)[0];
    return this.replies.answer(
      packet,
      scopeOf(meta),
      this.cluster.revision,
      (p) => this.answerWire(p, meta)[0],
    );
  }

  handleWireMessages(packet: Uint8Array, meta: QueryMeta): Uint8Array[] {
    // A cacheable port has no transfer plugin: its replies are always one message.
    if (this.fatal || !this.cacheablePorts.has(meta.port)) return this.answerWire(packet, meta);
    const one = this.handleWire(packet, meta);
    return one ? [one] : [];
  }

  /** How many replies were reused, computed, or computed because they cannot be reused. */
  replyCacheStats(): { hits: number; misses: number; bypassed: number } {
    return { ...this.replies.stats };
  }

  private answerWire(packet: Uint8Array, meta: QueryMeta): Uint8Array[] {
    try {
      let msg: DnsMessage;
      const verdict = acceptHeader(packet);
      if (verdict === "ignore") return [];
      const some = (p: Uint8Array | undefined) => (p ? [p] : []);
      if (verdict !== "accept") return some(rejectFromHeader(packet, verdict));
      if (packet.length === 12) return [servfailNoQuestion(packet)];
      try {
        msg = decodeMessage(packet);
      } catch {
        return some(rejectFromHeader(packet, "FORMERR"));
      }
      const out = this.query(msg, meta);
      if (!out.reply) return [];
      // miekg/dns Msg.Truncate + server write: uncompressed when the reply fits the client's buffer,
      // compressed (and already truncated by the scrub step) when it does not.
      const limit = meta.transport === "tcp" ? 65535 : Math.max(msg.edns?.udpSize ?? 512, 512);
      return [out.reply, ...(out.more ?? [])].map((m) => encodeReply(m, limit));
    } catch (e) {
      this.log.push(`[ERROR] ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  ports(): number[] {
    return [...this.servers.keys()].sort((a, b) => a - b);
  }

  httpEndpoints(): { plugin: "health" | "ready"; port: number }[] {
    if (this.fatal) return [];
    const out: { plugin: "health" | "ready"; port: number }[] = [];
    for (const p of this.plugins) {
      if (p.name !== "health" && p.name !== "ready") continue;
      const address = (p as Plugin & { address?: string }).address ?? "";
      // ":8181", "localhost:8181", "[::]:8181": the port is after the last colon (net.SplitHostPort).
      const port = Number(address.slice(address.lastIndexOf(":") + 1));
      if (Number.isInteger(port)) out.push({ plugin: p.name, port });
    }
    return out;
  }

  status(): { running: boolean; ready: boolean; reason?: string; log: string[] } {
    const ready = !this.fatal && this.plugins.every((p) => p.ready?.() ?? true);
    const s: { running: boolean; ready: boolean; reason?: string; log: string[] } = {
      running: !this.fatal,
      ready,
      log: [...this.log],
    };
    if (this.fatal) s.reason = this.fatal;
    return s;
  }

  /** A query a plugin sends through this process's own server on `port` (ExternalName targets). */
  private selfQuery(port: number): (msg: DnsMessage, from?: SelfQueryClient) => DnsResult {
    return (msg, from) => {
      const server = this.servers.get(port);
      if (!server || this.depth >= MAX_SELF_QUERY_DEPTH)
        return { kind: "drop", by: "upstream", notes: ["self-query depth exceeded"] };
      this.depth++;
      try {
        const meta: ServeMeta = from ? { ...from } : { clientIp: "127.0.0.1", transport: "udp" };
        const out = server.serve(msg, meta);
        return out.reply
          ? { kind: "reply", msg: out.reply, by: "dnsserver", notes: out.reasons, elapsedMs: out.elapsedMs }
          : { kind: "drop", by: "dnsserver", notes: out.reasons, elapsedMs: out.elapsedMs };
      } finally {
        this.depth--;
      }
    };
  }
}

/** The reply cache's key prefix: replies differ by transport (truncation) and by server (port). */
const scopes = new Map<number, { udp: string; tcp: string }>();
function scopeOf(meta: QueryMeta): string {
  let s = scopes.get(meta.port);
  if (!s) {
    s = { udp: `udp:${meta.port}:`, tcp: `tcp:${meta.port}:` };
    scopes.set(meta.port, s);
  }
  return s[meta.transport];
}

/** One server block's plugins, set up in Corefile order and then stably sorted into plugin.cfg order. */
function setupBlock(block: ServerBlock, env: PluginEnv, registry: Map<string, PluginFactory>): Plugin[] {
  const ranked: { rank: number; plugin: Plugin }[] = [];
  for (const d of block.directives) {
    const rank = pluginRank(d.name);
    // caddy parser: a directive missing from plugin.cfg is "Unknown directive".
    if (rank === undefined) throw new CorefileError(`Unknown directive '${d.name}'`, d.line);
    const f = registry.get(d.name);
    if (!f) throw notModelled(d);
    ranked.push({ rank, plugin: f.setup(d, block, env) });
  }
  // Stable sort: plugin.cfg order, Corefile order among equals.
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.map((r) => r.plugin);
}

/**
 * miekg/dns defaultMsgAcceptFunc, applied to the header before the body is unpacked (server.go
 * serveDNS): too short to hold a header or a response → ignored; an opcode other than QUERY/NOTIFY →
 * NOTIMP; QDCOUNT ≠ 1, ANCOUNT > 1, NSCOUNT > 1 or ARCOUNT > 2 → FORMERR.
 */
function acceptHeader(p: Uint8Array): "accept" | "ignore" | "FORMERR" | "NOTIMP" {
  if (p.length < 12) return "ignore";
  if (p[2]! & 0x80) return "ignore";
  const opcode = (p[2]! >> 3) & 0xf;
  if (opcode !== 0 && opcode !== 4) return "NOTIMP";
  const u16 = (o: number) => (p[o]! << 8) | p[o + 1]!;
  if (u16(4) !== 1 || u16(6) > 1 || u16(8) > 1 || u16(10) > 2) return "FORMERR";
  return "accept";
}

/**
 * The reply miekg/dns writes for a rejected message (server.go serveDNS): the request's header as
 * setHdr read it (msg.go: TC, RD, RA, AD and CD kept), QR set, AA and Z cleared, no records; FORMERR
 * with opcode QUERY (SetRcodeFormatError), NOTIMP keeping the request's opcode. Built from the bytes:
 * an opcode the message model has no name for (3, 6..15) must still be answered.
 */
function rejectFromHeader(p: Uint8Array, rcode: "FORMERR" | "NOTIMP"): Uint8Array | undefined {
  if (p.length < 12) return undefined;
  const opcode = rcode === "NOTIMP" ? (p[2]! >> 3) & 0xf : 0;
  const out = new Uint8Array(12);
  out[0] = p[0]!;
  out[1] = p[1]!;
  out[2] = 0x80 | (opcode << 3) | (p[2]! & 0x03);
  out[3] = (p[3]! & 0xb0) | (rcode === "NOTIMP" ? 4 : 1);
  return out;
}

/**
 * A bare 12-byte header that passed the accept rules: miekg's Msg.unpack stops at the end of the
 * message without an error (msg.go: "we should return *just* the header"), and CoreDNS answers a
 * message without a question SERVFAIL (core/dnsserver/server.go ServeDNS → errorAndMetricsFunc →
 * Msg.SetRcode: id and opcode kept, RD and CD copied for QUERY only, no records).
 */
function servfailNoQuestion(p: Uint8Array): Uint8Array {
  const opcode = (p[2]! >> 3) & 0xf;
  const out = new Uint8Array(12);
  out[0] = p[0]!;
  out[1] = p[1]!;
  out[2] = 0x80 | (opcode << 3) | (opcode === 0 ? p[2]! & 0x01 : 0);
  out[3] = (opcode === 0 ? p[3]! & 0x10 : 0) | 2;
  return out;
}
