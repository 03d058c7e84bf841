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
import type { DnsResult, Plugin, PluginEnv, PluginFactory } from "./plugin.js";
import { bareReply, DnsServer } from "./server.js";
import type { Chain } from "./server.js";
import { decodeMessage, encodeMessage, encodeReply } from "./wire/index.js";

export interface DnsServiceOptions {
  corefile: SourceText;
  env: Omit<PluginEnv, "selfQuery" | "log">;
}

export interface QueryMeta {
  clientIp: string;
  transport: "udp" | "tcp";
  port: number;
  clientPort?: number;
}

export interface DnsService {
  /** Answer one structured query on a port; no reply means the client times out. */
  query(msg: DnsMessage, meta: QueryMeta): { reply?: DnsMessage; elapsedMs: number; reasons: string[] };
  /** Answer one packet: FORMERR for garbage with a parseable header, undefined (drop) otherwise; never throws. */
  handleWire(packet: Uint8Array, meta: QueryMeta): Uint8Array | undefined;
  /** The ports the Corefile binds. */
  ports(): number[];
  status(): { running: boolean; ready: boolean; reason?: string; log: string[] };
}

/** How deep ExternalName re-queries may nest through the server before they are dropped. */
const MAX_SELF_QUERY_DEPTH = 8;

const OPCODES = ["QUERY", "IQUERY", "STATUS", "3", "NOTIFY", "UPDATE"];

/** Build the service with an explicit plugin registry (createDnsService in index.ts passes the full one). */
export function createDnsServiceWith(
  opts: DnsServiceOptions,
  factories: readonly PluginFactory[],
): DnsService {
  const log: string[] = [];
  const registry = new Map(factories.map((f) => [f.name, f]));
  const blocks = parseCorefile(opts.corefile);
  const servers = new Map<number, DnsServer>();
  let depth = 0;

  const selfQuery =
    (port: number) =>
    (msg: DnsMessage): DnsResult => {
      const server = servers.get(port);
      if (!server || depth >= MAX_SELF_QUERY_DEPTH)
        return { kind: "drop", by: "upstream", notes: ["self-query depth exceeded"] };
      depth++;
      try {
        const out = server.serve(msg, { clientIp: "127.0.0.1", transport: "udp" });
        return out.reply
          ? { kind: "reply", msg: out.reply, by: "dnsserver", notes: out.reasons, elapsedMs: out.elapsedMs }
          : { kind: "drop", by: "dnsserver", notes: out.reasons, elapsedMs: out.elapsedMs };
      } finally {
        depth--;
      }
    };

  const byPort = new Map<number, Chain[]>();
  const all: Plugin[] = [];
  for (const block of blocks) {
    const env: PluginEnv = { ...opts.env, selfQuery: selfQuery(block.port), log: (l) => log.push(l) };
    const ranked: { rank: number; plugin: Plugin }[] = [];
    for (const d of block.directives) {
      const rank = pluginRank(d.name);
      // caddy parser: a directive missing from plugin.cfg is "Unknown directive".
      if (rank === undefined) throw new CorefileError(`Unknown directive '${d.name}'`, d.line);
      const f = registry.get(d.name);
      if (!f)
        throw new CorefileError(`directive '${d.name}' is not supported by the reference engine`, d.line);
      ranked.push({ rank, plugin: f.setup(d, block, env) });
    }
    // Stable sort: plugin.cfg order, Corefile order among equals.
    ranked.sort((a, b) => a.rank - b.rank);
    const plugins = ranked.map((r) => r.plugin);
    all.push(...plugins);
    const list = byPort.get(block.port) ?? [];
    list.push({ block, plugins });
    byPort.set(block.port, list);
  }
  for (const [port, chains] of byPort) servers.set(port, new DnsServer(port, chains));

  let fatal: string | undefined;
  for (const p of all) {
    const r = p.startup?.();
    if (r?.fatal && !fatal) {
      fatal = r.fatal;
      log.push(r.fatal);
    }
  }

  const query: DnsService["query"] = (msg, meta) => {
    if (fatal) return { elapsedMs: 0, reasons: [`CoreDNS is not running: ${fatal}`] };
    const server = servers.get(meta.port);
    if (!server) return { elapsedMs: 0, reasons: [`nothing listens on port ${meta.port}`] };
    const serveMeta =
      meta.clientPort === undefined
        ? { clientIp: meta.clientIp, transport: meta.transport }
        : { clientIp: meta.clientIp, transport: meta.transport, clientPort: meta.clientPort };
    return server.serve(msg, serveMeta);
  };

  return {
    query,
    handleWire(packet, meta) {
      try {
        let msg: DnsMessage;
        const verdict = acceptHeader(packet);
        if (verdict === "ignore") return undefined;
        if (verdict !== "accept") return rejectFromHeader(packet, verdict);
        try {
          msg = decodeMessage(packet);
        } catch {
          return rejectFromHeader(packet, "FORMERR");
        }
        const out = query(msg, meta);
        if (!out.reply) return undefined;
        // miekg/dns Msg.Truncate + server write: uncompressed when the reply fits the client's buffer,
        // compressed (and already truncated by the scrub step) when it does not.
        const limit = meta.transport === "tcp" ? 65535 : Math.max(msg.edns?.udpSize ?? 512, 512);
        return encodeReply(out.reply, limit);
      } catch (e) {
        log.push(`[ERROR] ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    },
    ports: () => [...servers.keys()].sort((a, b) => a - b),
    status() {
      const ready = !fatal && all.every((p) => p.ready?.() ?? true);
      const s: { running: boolean; ready: boolean; reason?: string; log: string[] } = {
        running: !fatal,
        ready,
        log: [...log],
      };
      if (fatal) s.reason = fatal;
      return s;
    },
  };
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
 * The reply miekg/dns writes for a rejected message: the request's header only (no question), QR set,
 * RCODE FORMERR with opcode QUERY (SetRcodeFormatError), or NOTIMP keeping the request's opcode.
 */
function rejectFromHeader(p: Uint8Array, rcode: "FORMERR" | "NOTIMP"): Uint8Array | undefined {
  if (p.length < 12) return undefined;
  const q: DnsMessage = {
    id: (p[0]! << 8) | p[1]!,
    opcode: OPCODES[(p[2]! >> 3) & 0xf] ?? "QUERY",
    rcode: "NOERROR",
    flags: {
      qr: false,
      aa: false,
      tc: false,
      rd: (p[2]! & 1) === 1,
      ra: false,
      ad: false,
      cd: (p[3]! & 0x10) !== 0,
    },
    question: [],
    answer: [],
    authority: [],
    additional: [],
  };
  try {
    const reply = bareReply(q, rcode, false);
    return encodeMessage(rcode === "FORMERR" ? { ...reply, opcode: "QUERY" } : reply);
  } catch {
    return undefined;
  }
}
