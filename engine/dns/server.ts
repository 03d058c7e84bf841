/**
 * One CoreDNS server (all blocks bound to one port), after core/dnsserver/server.go ServeDNS and the
 * miekg/dns accept function in front of it: header checks, block selection by the longest matching
 * zone (else `.`, else REFUSED), the plugin chain in plugin.cfg order, bare error replies for
 * unwritten error rcodes, and the ScrubWriter (EDNS echo + truncation to the client's size).
 */
import type { DnsMessage } from "./message.js";
import type { DnsRequest, DnsResult, Plugin, ServerBlock } from "./plugin.js";
import { truncate } from "./wire/index.js";

export interface Chain {
  block: ServerBlock;
  plugins: Plugin[];
}

export interface ServeMeta {
  clientIp: string;
  clientPort?: number;
  transport: "udp" | "tcp";
  /** The local address and port the query arrived at (view's server_ip/server_port), when known. */
  serverIp?: string;
  serverPort?: number;
}

export interface ServeOutcome {
  reply?: DnsMessage;
  /** The messages after `reply` (a zone transfer of several envelopes), each scrubbed like it. */
  more?: DnsMessage[];
  reasons: string[];
  elapsedMs: number;
}

/** core/dnsserver/server.go EnableChaos. */
const ENABLE_CHAOS = new Set(["chaos", "forward", "proxy"]);

/** miekg/dns MaxMsgSize: TCP replies are never cut. */
const MAX_MSG_SIZE = 65535;

/** A bare reply (miekg/dns SetRcode: id, opcode, question, RD/CD copied; QR set). */
export function bareReply(q: DnsMessage, rcode: string, withQuestion = true): DnsMessage {
  return {
    id: q.id,
    opcode: q.opcode,
    rcode,
    flags: { qr: true, aa: false, tc: false, rd: q.flags.rd, ra: false, ad: false, cd: q.flags.cd },
    question: withQuestion ? q.question.map((x) => ({ ...x })) : [],
    answer: [],
    authority: [],
    additional: [],
  };
}

export class DnsServer {
  /**
   * zone → the chains serving it, in Corefile order (server.go NewServer appends each config to its
   * zone's list); more than one only where views (plugin/view) tell them apart.
   */
  private readonly zones = new Map<string, Chain[]>();
  /** Each chain's view filters (register.go: the block's Viewer plugins, in plugin.cfg order). */
  private readonly filters = new Map<Chain, Plugin[]>();
  /** server.go EnableChaos: non-IN classes are served only when chaos or forward is loaded. */
  private readonly classChaos: boolean;

  constructor(
    readonly port: number,
    readonly chains: Chain[],
    /** The option codes the process's plugins made supported (plugin/pkg/edns SetSupportedOption). */
    private readonly ednsSupported: ReadonlySet<number> = new Set(),
  ) {
    for (const c of chains) {
      for (const z of c.block.zones) this.zones.set(z, [...(this.zones.get(z) ?? []), c]);
      this.filters.set(
        c,
        c.plugins.filter((p) => p.filter),
      );
    }
    this.classChaos = chains.some((c) => c.plugins.some((p) => ENABLE_CHAOS.has(p.name)));
  }

  serve(msg: DnsMessage, meta: ServeMeta): ServeOutcome {
    const reasons: string[] = [];
    const out = this.route(msg, meta, reasons);
    return { ...out, reasons };
  }

  private route(
    msg: DnsMessage,
    meta: ServeMeta,
    reasons: string[],
  ): { reply?: DnsMessage; more?: DnsMessage[]; elapsedMs: number } {
    // miekg/dns DefaultMsgAcceptFunc: responses are ignored, qdcount != 1 → FORMERR, opcodes other
    // than QUERY/NOTIFY → NOTIMP; the reply is the header only (no question, no OPT).
    if (msg.flags.qr) {
      reasons.push("message is a response: ignored");
      return { elapsedMs: 0 };
    }
    if (msg.opcode !== "QUERY" && msg.opcode !== "NOTIFY") {
      reasons.push(`opcode ${msg.opcode}: NOTIMP`);
      return { reply: bareReply(msg, "NOTIMP", false), elapsedMs: 0 };
    }
    if (msg.question.length !== 1) {
      reasons.push(`${msg.question.length} questions: FORMERR`);
      return {
        reply: { ...bareReply(msg, "FORMERR", false), opcode: "QUERY" },
        elapsedMs: 0,
      };
    }
    const q = msg.question[0]!;
    if (!this.classChaos && q.class !== "IN") {
      reasons.push(`class ${q.class} without chaos/forward loaded: REFUSED`);
      return { reply: this.scrub(msg, meta, bareReply(msg, "REFUSED")), elapsedMs: 0 };
    }
    const qname = q.name.endsWith(".") ? q.name : `${q.name}.`;
    const req: DnsRequest = {
      msg,
      qname,
      qtype: q.type,
      clientIp: meta.clientIp,
      transport: meta.transport,
      zone: ".",
      port: this.port,
    };
    if (meta.clientPort !== undefined) req.clientPort = meta.clientPort;
    if (meta.serverIp !== undefined) req.serverIp = meta.serverIp;
    if (meta.serverPort !== undefined) req.serverPort = meta.serverPort;
    const chain = this.pick(qname.toLowerCase(), q.type === "DS", req);
    if (!chain || !chain.plugins.length) {
      reasons.push(
        chain
          ? `server block ${chain.block.zones.join(" ")} has no plugins: REFUSED`
          : `no server block on port ${this.port} matches ${qname}: REFUSED`,
      );
      return { reply: this.scrub(msg, meta, bareReply(msg, "REFUSED")), elapsedMs: 0 };
    }
    req.zone = this.matchedZone(chain, qname.toLowerCase());
    const view = this.filters.get(chain)?.find((p) => p.viewName !== undefined)?.viewName;
    reasons.push(
      `server block ${chain.block.zones.map((z) => `${z}:${this.port}`).join(" ")}${view !== undefined ? ` (view ${view})` : ""}`,
    );
    const result = runChain(chain.plugins, req);
    const elapsedMs = result.elapsedMs ?? 0;
    for (const n of result.notes ?? []) reasons.push(n);
    if (result.kind === "drop") {
      reasons.push(`dropped by ${result.by}`);
      return { elapsedMs };
    }
    if (result.kind === "error") {
      // core/dnsserver/server.go errorFunc: a bare reply with the rcode and the question.
      reasons.push(`${result.rcode} from ${result.by}`);
      return { reply: this.scrub(msg, meta, bareReply(msg, result.rcode)), elapsedMs };
    }
    reasons.push(`answered by ${result.by}`);
    const reply = this.scrub(msg, meta, result.msg);
    if (!result.more?.length) return { reply, elapsedMs };
    return { reply, more: result.more.map((m) => this.scrub(msg, meta, m)), elapsedMs };
  }

  /** server.go passAllFilterFuncs: every view filter of the chain passes. */
  private passes(chain: Chain, req: DnsRequest): boolean {
    return (this.filters.get(chain) ?? []).every((p) => p.filter!(req));
  }

  /**
   * server.go ServeDNS: walk the qname's suffixes label by label; at each zone the first of its
   * chains whose filters pass wins (a zone defined without plugins is REFUSED at once, returned
   * here as the empty chain). A DS query keeps walking and goes to the last passing chain of the
   * closest enclosing *parent* zone found. Then the chains of `.`, in order.
   */
  private pick(name: string, ds: boolean, req: DnsRequest): Chain | undefined {
    let off = 0;
    let dsChain: Chain | undefined;
    for (;;) {
      for (const c of this.zones.get(name.slice(off)) ?? []) {
        if (!c.plugins.length) return c;
        if (!this.passes(c, req)) continue;
        if (!ds) return c;
        dsChain = c;
      }
      const dot = name.indexOf(".", off);
      if (dot < 0 || dot === name.length - 1) break;
      off = dot + 1;
    }
    if (dsChain) return dsChain;
    return (this.zones.get(".") ?? []).find((c) => c.plugins.length && this.passes(c, req));
  }

  private matchedZone(chain: Chain, name: string): string {
    let best = ".";
    for (const z of chain.block.zones) {
      if ((z === "." || name === z || name.endsWith(`.${z}`)) && (best === "." || z.length > best.length))
        best = z;
    }
    return best;
  }

  /** request.ScrubWriter: SizeAndDo (see `sizeAndDo`) then Truncate to the client's size. */
  private scrub(q: DnsMessage, meta: ServeMeta, reply: DnsMessage): DnsMessage {
    const m = sizeAndDo(q, reply, this.ednsSupported);
    const size = meta.transport === "tcp" ? MAX_MSG_SIZE : Math.max(q.edns?.udpSize ?? 512, 512);
    return truncate(m, size);
  }
}

/**
 * EDNS options request.supportedOptions always echoes back: NSID, EXPIRE, COOKIE, TCP-KEEPALIVE,
 * PADDING; plus the codes plugins registered (edns.SupportedOption).
 */
const ECHOED_OPTIONS = new Set([3, 9, 10, 11, 12]);

/**
 * request.SizeAndDo (CoreDNS 1.14.7 request/request.go): a request without OPT leaves the reply's OPT
 * as the plugin wrote it (acl's 4096/DO); a reply with OPT gets the request's UDP size and keeps its
 * own options and DO bit (`Ttl &= 0xff00` keeps DO), DO also set when the request has it; a reply
 * without OPT gets the request's, carrying only the options CoreDNS supports echoing.
 */
export function sizeAndDo(q: DnsMessage, reply: DnsMessage, supported: ReadonlySet<number>): DnsMessage {
  const m: DnsMessage = { ...reply };
  if (!q.edns) return m;
  if (reply.edns) {
    m.edns = { udpSize: q.edns.udpSize, do: reply.edns.do || q.edns.do, options: reply.edns.options };
  } else {
    const options = q.edns.options.filter((o) => ECHOED_OPTIONS.has(o.code) || supported.has(o.code));
    m.edns = { udpSize: q.edns.udpSize, do: q.edns.do, options };
  }
  return m;
}

/** Run the chain; falling off its end is SERVFAIL (plugin.NextOrFailure "no next plugin found"). */
export function runChain(plugins: readonly Plugin[], req: DnsRequest): DnsResult {
  const at =
    (i: number) =>
    (r: DnsRequest): DnsResult => {
      const p = plugins[i];
      if (!p) {
        const last = plugins[i - 1]?.name ?? "dnsserver";
        return {
          kind: "error",
          rcode: "SERVFAIL",
          by: last,
          notes: [`plugin/${last}: no next plugin found`],
          goError: true,
        };
      }
      return p.serve(r, at(i + 1));
    };
  return at(0)(req);
}
