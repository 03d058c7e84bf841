/**
 * How a modelled upstream recursive resolver answers from the scenario's upstream world.
 *
 * Modelling decisions (not upstream CoreDNS behaviour, which talks to real resolvers):
 * - A name with an `rcode` entry answers that rcode (TIMEOUT: no reply at all).
 * - Records of the asked type answer NOERROR; a CNAME entry is followed inside the world (up to 8
 *   hops) as a recursive resolver would, the chain preceding the final records.
 * - A name present with other types only → NODATA; a name absent from the world → NXDOMAIN. Both
 *   carry the root zone's SOA in authority (`. 86400 IN SOA a.root-servers.net.
 *   nstld.verisign-grs.com. <serial> 1800 900 604800 86400`), because the world does not say which
 *   zone a name is in; its TTL is the negative TTL caches downstream see.
 * - Entries without a TTL use 300 s. Replies have QR, RA, the request's RD, and AA clear.
 * - The world holds IN data only. A CH-class TXT query for version.bind, version.server, hostname.bind
 *   or id.server is answered the way Unbound does (daemon/worker.c answer_chaos): one CH TXT record,
 *   TTL 0, the string `UPSTREAM_IDENTITY`; any other non-IN query is REFUSED with no records (never an
 *   IN-class SOA under a CH question).
 * - Over UDP a reply is cut to the query's size as a well-behaved server does (`fitToTransport`), so a
 *   forwarding CoreDNS never reads more than it asked for.
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { UpstreamEntry } from "../../../support/index.js";
import { MIN_MSG_SIZE, toFqdn, truncate } from "../../wire/index.js";
import { canonicalIp } from "../../../net/index.js";
import { replyTo } from "../shared/index.js";
import { parseRData } from "./rdata-text.js";

export const DEFAULT_UPSTREAM_TTL = 300;
const MAX_CNAME_HOPS = 8;
/** What the modelled upstream resolver says it is (CH TXT version.bind / hostname.bind). */
export const UPSTREAM_IDENTITY = "netspec-upstream";
const CHAOS_NAMES = new Set(["version.bind.", "version.server.", "hostname.bind.", "id.server."]);

/** Unbound's answer_chaos: a CH TXT identity for the four names, REFUSED for every other non-IN query. */
function nonInternet(m: DnsMessage, q: { name: string; type: string; class: string }): WorldAnswer {
  const name = toFqdn(q.name);
  if (q.class === "CH" && q.type === "TXT" && CHAOS_NAMES.has(name.toLowerCase())) {
    m.answer.push({
      name,
      type: "TXT",
      class: "CH",
      ttl: 0,
      data: { type: "TXT", strings: [UPSTREAM_IDENTITY] },
    });
    return { kind: "reply", msg: m };
  }
  return { kind: "reply", msg: { ...m, rcode: "REFUSED" } };
}

/**
 * The reply as the world's resolver sends it over `transport`: over TCP unchanged (65535 bytes are
 * framed); over UDP cut to the query's size, the EDNS0 UDP size of its OPT record (RFC 6891 §6.2.5,
 * under 512 counts as 512) or 512 without one (RFC 1035 §4.2.1). The cut is miekg/dns
 * msg_truncate.go `(*Msg).Truncate`, as CoreDNS request/request.go `Scrub` applies it to its own
 * replies: the whole records that fit (compressed) are kept and TC is set.
 *
 * Shared by the engine's model (UpstreamNet.exchange, the node resolvers) and the processes that
 * serve the world over real sockets (runner/targets/dns-wire), so the bytes served and the model
 * agree. A world that sent more than the query's size would make CoreDNS's proxy read a cut datagram
 * and answer an empty TC reply (plugin/pkg/proxy/connect.go lookupDNS: shouldTruncateResponse →
 * truncateResponse), which no real resolver provokes.
 */
export function fitToTransport(query: DnsMessage, reply: DnsMessage, transport: "udp" | "tcp"): DnsMessage {
  if (transport === "tcp") return reply;
  return truncate(reply, Math.max(query.edns?.udpSize ?? MIN_MSG_SIZE, MIN_MSG_SIZE));
}

export type WorldAnswer = { kind: "reply"; msg: DnsMessage } | { kind: "timeout" };

function rootSoa(serial: number): ResourceRecord {
  return {
    name: ".",
    type: "SOA",
    class: "IN",
    ttl: 86400,
    data: {
      type: "SOA",
      soa: {
        mname: "a.root-servers.net.",
        rname: "nstld.verisign-grs.com.",
        serial,
        refresh: 1800,
        retry: 900,
        expire: 604800,
        minimum: 86400,
      },
    },
  };
}

/** A root-zone-style serial YYYYMMDD00 for the scenario's start day. */
function serialFor(epochSeconds: number): number {
  const d = new Date(epochSeconds * 1000);
  return (d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate()) * 100;
}

/** `10.0.1.53` or `10.0.1.53:53` / `[fd00::53]:5353` names the server at `at`. */
function sameServer(server: string, at: { ip: string; port: number }): boolean {
  const m = /^\[(.+)\]:(\d+)$/.exec(server) ?? /^([^:]+):(\d+)$/.exec(server);
  const ip = m ? m[1]! : server;
  const port = m ? Number(m[2]) : 53;
  return port === at.port && (canonicalIp(ip) ?? ip) === (canonicalIp(at.ip) ?? at.ip);
}

export class UpstreamWorld {
  private readonly byName = new Map<string, UpstreamEntry[]>();
  private readonly hasServers: boolean;
  /** Per-server views of byName, built on first use. */
  private readonly views = new Map<string, Map<string, UpstreamEntry[]>>();

  constructor(
    entries: readonly UpstreamEntry[],
    private readonly epochSeconds: number,
  ) {
    for (const e of entries) {
      // Fail loudly at setup on rdata the model cannot represent, not in the middle of a query.
      if (!e.rcode) parseRData(e.type, e.data);
      const key = toFqdn(e.name).toLowerCase();
      const list = this.byName.get(key) ?? [];
      list.push(e);
      this.byName.set(key, list);
    }
    this.hasServers = entries.some((e) => e.server !== undefined);
  }

  /**
   * The world as one server sees it (`at`: the address a query went to): the shared records and that
   * server's own; another server's records do not exist there. `at` unknown: every record.
   */
  answer(query: DnsMessage, at?: { ip: string; port: number }): WorldAnswer {
    if (!at || !this.hasServers) return this.answerFrom(query, this.byName);
    const key = `${at.ip}#${at.port}`;
    let view = this.views.get(key);
    if (!view) {
      view = new Map();
      for (const [name, list] of this.byName) {
        const mine = list.filter((e) => e.server === undefined || sameServer(e.server, at));
        if (mine.length) view.set(name, mine);
      }
      this.views.set(key, view);
    }
    return this.answerFrom(query, view);
  }

  private answerFrom(query: DnsMessage, byName: Map<string, UpstreamEntry[]>): WorldAnswer {
    const q = query.question[0];
    const m = replyTo(query);
    m.flags.ra = true;
    if (!q) return { kind: "reply", msg: { ...m, rcode: "FORMERR" } };
    if (q.class !== "IN") return nonInternet(m, q);
    let name = q.name;
    const seen = new Set<string>();
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      const key = name.toLowerCase();
      const entries = byName.get(key);
      if (!entries) {
        // The chain's first name is absent → NXDOMAIN; a dangling CNAME target → NXDOMAIN too, as
        // recursive resolvers report the final name's status.
        m.rcode = "NXDOMAIN";
        m.authority.push(rootSoa(serialFor(this.epochSeconds)));
        return { kind: "reply", msg: m };
      }
      const rc = entries.find((e) => e.rcode);
      if (rc?.rcode) {
        const rcode = rc.rcode.toUpperCase();
        if (rcode === "TIMEOUT") return { kind: "timeout" };
        m.rcode = rcode;
        if (rcode === "NXDOMAIN") m.authority.push(rootSoa(serialFor(this.epochSeconds)));
        return { kind: "reply", msg: m };
      }
      const rr = (e: UpstreamEntry): ResourceRecord => ({
        name,
        type: e.type.toUpperCase(),
        class: "IN",
        ttl: e.ttl ?? DEFAULT_UPSTREAM_TTL,
        data: parseRData(e.type, e.data),
      });
      const direct = entries.filter((e) => e.type.toUpperCase() === q.type.toUpperCase() || q.type === "ANY");
      if (direct.length) {
        m.answer.push(...direct.map(rr));
        return { kind: "reply", msg: m };
      }
      const cname = entries.find((e) => e.type.toUpperCase() === "CNAME");
      if (!cname || seen.has(key)) {
        m.authority.push(rootSoa(serialFor(this.epochSeconds)));
        return { kind: "reply", msg: m };
      }
      seen.add(key);
      m.answer.push(rr(cname));
      name = toFqdn(cname.data.trim());
    }
    m.rcode = "SERVFAIL";
    m.answer = [];
    return { kind: "reply", msg: m };
  }
}
