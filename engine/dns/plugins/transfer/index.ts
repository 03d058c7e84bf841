/**
 * plugin/transfer (CoreDNS 1.14.7 plugin/transfer/transfer.go ServeDNS, setup.go parseTransfer):
 * `transfer [ZONES...] { to ADDRESS... | *; source ADDRESS }`, every occurrence of the block adding one
 * set of zones.
 * - questions other than AXFR/IXFR go on; over UDP a transfer is REFUSED (returned unwritten);
 * - the longest zone of any `transfer` stanza matching the qname picks the stanza; none → next;
 * - a client whose address is not in `to` (`*` allows all; no CIDRs) gets a written REFUSED reply;
 * - IXFR needs exactly one SOA in the authority section (its serial), else SERVFAIL;
 * - the first Transferer of the block (file, kubernetes: plugin.cfg order) not answering "not
 *   authoritative" streams the zone; none → next plugin; its error → SERVFAIL;
 * - the records go out in messages of at most 63000 bytes of records (dns.Transfer.Out: each a reply
 *   with AA set, records in the answer section); a lone SOA (IXFR up to date) is a plain reply.
 * NOTIFY sending (notify.go) and TSIG are not modelled.
 */
import type { ResourceRecord } from "../../message.js";
import type {
  Directive,
  DnsRequest,
  DnsResult,
  Next,
  Plugin,
  PluginFactory,
  ServerBlock,
} from "../../plugin.js";
import { rrLen } from "../../wire/index.js";
import { argErr, failAt, isFirst, matchZone, replyTo, unknownOption, zonesOrBlock } from "../shared/index.js";
import { canonicalIp } from "../../../net/index.js";
import { transferersOf } from "./registry.js";

export { addTransferer, transferersOf } from "./registry.js";
export type { Transferer, TransferStream } from "./registry.js";

interface Xfr {
  zones: string[];
  /** `*` or `ip:port` as parse.HostPort normalises them. */
  to: string[];
}

/** transfer.go: batches are flushed before they pass 63000 bytes (room for header and question). */
const BATCH_BYTES = 63000;

/** plugin/pkg/parse HostPort(host, "53"): an IP with an optional port, as `ip:port` / `[ip]:port`. */
function hostPort(d: Directive, at: Directive, s: string): string {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  const [host, port] = m ? [m[1]!, m[2]!] : [s, "53"];
  const ip = canonicalIp(host);
  if (!ip) failAt(d, at, `must specify an IP address: \`${s}\``);
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** setup.go parseTransfer over every `transfer` directive of the block. */
function parseTransfer(first: Directive, block: ServerBlock): Xfr[] {
  const out: Xfr[] = [];
  for (const d of block.directives.filter((x) => x.name === first.name)) {
    const x: Xfr = { zones: zonesOrBlock(d.args, block.zones), to: [] };
    let source = false;
    for (const o of d.block) {
      if (o.name === "to") {
        if (!o.args.length) argErr(d, o, o.name);
        for (const h of o.args) x.to.push(h === "*" ? h : hostPort(d, o, h));
      } else if (o.name === "source") {
        if (o.args.length !== 1) argErr(d, o, o.name);
        if (source) failAt(d, o, "source already specified");
        if (!canonicalIp(o.args[0]!)) failAt(d, o, `invalid source address "${o.args[0]}"`);
        source = true;
      } else unknownOption("transfer", o);
    }
    if (!x.to.length) failAt(d, d, "'to' is required");
    out.push(x);
  }
  return out;
}

/** transfer.go longestMatch: the stanza whose matching zone is longest (ties: the greater name). */
function longestMatch(xfrs: Xfr[], name: string): Xfr | undefined {
  let best: Xfr | undefined;
  let zone = "";
  for (const x of xfrs) {
    const z = matchZone(x.zones, name);
    if (z !== undefined && (z.length > zone.length || (z.length === zone.length && z > zone))) {
      zone = z;
      best = x;
    }
  }
  return best;
}

/** xfr.allowed: `*`, or the client's address (any port) among `to`. */
function allowed(x: Xfr, clientIp: string): boolean {
  const ip = canonicalIp(clientIp) ?? clientIp;
  return x.to.some((h) => h === "*" || h.replace(/^\[?(.*?)\]?:\d+$/, "$1") === ip);
}

class Transfer implements Plugin {
  readonly name = "transfer";
  constructor(
    private readonly xfrs: Xfr[],
    private readonly block: ServerBlock,
  ) {}

  serve(req: DnsRequest, next: Next): DnsResult {
    if (req.qtype !== "AXFR" && req.qtype !== "IXFR") return next(req);
    const by = this.name;
    if (req.transport !== "tcp")
      return {
        kind: "error",
        rcode: "REFUSED",
        by,
        notes: ["plugin/transfer: zone transfers only over TCP"],
      };
    const name = req.qname.toLowerCase();
    const x = longestMatch(this.xfrs, name);
    if (!x) return next(req);
    if (!allowed(x, req.clientIp))
      return {
        kind: "reply",
        msg: replyTo(req.msg, "REFUSED"),
        by,
        notes: [`plugin/transfer: ${req.clientIp} is not in 'to'`],
      };
    let serial = 0;
    if (req.qtype === "IXFR") {
      const soa = req.msg.authority.length === 1 ? req.msg.authority[0]!.data : undefined;
      if (soa?.type !== "SOA")
        return {
          kind: "error",
          rcode: "SERVFAIL",
          by,
          notes: ["plugin/transfer: IXFR without one SOA in the authority section"],
        };
      serial = soa.soa.serial;
    }
    for (const { plugin, t } of transferersOf(this.block)) {
      const stream = t(name, serial);
      if (stream === "not-authoritative") continue;
      if (!Array.isArray(stream))
        return {
          kind: "error",
          rcode: "SERVFAIL",
          by,
          notes: [`plugin/transfer: ${plugin}: ${stream.error}`],
        };
      return this.send(req, stream, plugin);
    }
    return next(req);
  }

  /**
   * The records as transfer.go ServeDNS batches them and dns.Transfer.Out writes each batch (a reply
   * with AA set, the batch in the answer section): a batch is flushed before its records' dns.Len
   * would pass 63000 bytes. When the batch left at the end is one record and the stream began with a
   * SOA (an up-to-date IXFR, or the closing SOA of a zone whose last batch it alone fills), that last
   * message is a plain reply holding the first SOA instead.
   */
  private send(req: DnsRequest, stream: ResourceRecord[][], plugin: string): DnsResult {
    const by = this.name;
    const batches: ResourceRecord[][] = [];
    let rrs: ResourceRecord[] = [];
    let size = 0;
    let soa: ResourceRecord | undefined;
    for (const records of stream) {
      if (!records.length) continue;
      if (records[0]!.type === "SOA" && !soa) soa = records[0];
      for (const rr of records) {
        const len = rrLen(rr, 0, undefined);
        if (rrs.length && size + len > BATCH_BYTES) {
          batches.push(rrs);
          rrs = [];
          size = 0;
        }
        rrs.push(rr);
        size += len;
      }
    }
    const envelope = (answer: ResourceRecord[]) => {
      const m = replyTo(req.msg);
      m.flags.aa = true;
      m.answer = answer;
      return m;
    };
    const msgs = batches.map(envelope);
    const total = batches.reduce((n, b) => n + b.length, 0) + rrs.length;
    let note = `plugin/transfer: ${total} records of ${name(req)} from plugin/${plugin}`;
    if (rrs.length === 1 && soa) {
      const m = replyTo(req.msg);
      m.answer = [soa];
      msgs.push(m);
      if (!batches.length) note = `plugin/transfer: ${name(req)} is up to date: SOA only`;
    } else if (rrs.length) msgs.push(envelope(rrs));
    const [first, ...more] = msgs;
    if (!first) return { kind: "drop", by, notes: [`plugin/transfer: plugin/${plugin} streamed no records`] };
    if (msgs.length > 1) note += ` in ${msgs.length} messages`;
    return { kind: "reply", msg: first, ...(more.length ? { more } : {}), by, notes: [note] };
  }
}

const name = (req: DnsRequest) => req.qname.toLowerCase();

const passThrough: Plugin = { name: "transfer", serve: (req, next) => next(req) };

export const transferPlugin: PluginFactory = {
  name: "transfer",
  setup(d, block) {
    if (!isFirst(d, block)) return passThrough;
    return new Transfer(parseTransfer(d, block), block);
  },
};
