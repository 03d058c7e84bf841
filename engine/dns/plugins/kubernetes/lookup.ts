/**
 * Records from backend entries, after CoreDNS plugin/backend_lookup.go (A, AAAA, TXT, CNAME, PTR, SRV,
 * NS, SOA). Owner names are the query name as sent; generated names keep the query's zone spelling.
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { DnsResult } from "../../plugin.js";
import { isSubdomain } from "../shared/index.js";
import type { Backend, Entry, State } from "./backend.js";
import { hostType } from "./ip.js";

export interface Lookup {
  /** plugin/pkg/upstream: re-query the server itself; undefined when no reply message came back. */
  upstream(st: State, name: string, qtype: string): DnsMessage | undefined;
}

export interface Records {
  records: ResourceRecord[];
  extra: ResourceRecord[];
  truncated: boolean;
}

const fqdn = (s: string) => (s.endsWith(".") ? s : `${s}.`);

function rr(name: string, ttl: number, data: ResourceRecord["data"]): ResourceRecord {
  const type = data.type === "RAW" ? data.rrtype : data.type;
  return { name, type, class: "IN", ttl, data };
}

function addrRR(name: string, e: Entry): ResourceRecord {
  const t = hostType(e.host) === "AAAA" ? "AAAA" : "A";
  return rr(name, e.ttl, { type: t, address: e.host });
}

/** backend_lookup.go A / AAAA / TXT (one function: they differ only in the record type kept). */
export function addressLike(
  b: Backend,
  up: Lookup,
  zone: string,
  st: State,
  previous: ResourceRecord[],
): { records: ResourceRecord[]; truncated: boolean } | undefined {
  const services = b.services(st);
  if (services === undefined) return undefined;
  const records: ResourceRecord[] = [];
  let truncated = false;
  const dup = new Set<string>();
  for (const serv of services) {
    const what = hostType(serv.host, serv.text);
    if (what === "CNAME") {
      const target = fqdn(serv.host);
      // x CNAME x (or a target below the query name) is a direct loop.
      if (isSubdomain(st.name, target)) continue;
      const cname = rr(st.qname, serv.ttl, { type: "CNAME", target });
      if (previous.length > 7) continue;
      if (
        previous.some(
          (p) =>
            p.type === "CNAME" &&
            p.name === cname.name &&
            p.data.type === "CNAME" &&
            p.data.target === target,
        )
      )
        continue;
      if (isSubdomain(zone, target)) {
        const next = addressLike(
          b,
          up,
          zone,
          { qname: target, name: target.toLowerCase(), qtype: st.qtype, zone },
          [...previous, cname],
        );
        if (next && next.records.length) records.push(cname, ...next.records);
        if (next?.truncated) truncated = true;
        continue;
      }
      const m = up.upstream(st, target, st.qtype);
      if (!m) continue;
      if (m.flags.tc) truncated = true;
      records.push(cname, ...m.answer);
      continue;
    }
    if (what !== st.qtype) continue;
    const key = what === "TXT" ? (serv.text ?? "") : serv.host;
    if (dup.has(key)) continue;
    dup.add(key);
    records.push(
      what === "TXT"
        ? rr(st.qname, serv.ttl, { type: "TXT", strings: [serv.text ?? ""] })
        : addrRR(st.qname, serv),
    );
  }
  return { records, truncated };
}

/** backend_lookup.go CNAME: the first entry if it is a name. */
export function cnameLookup(b: Backend, st: State): ResourceRecord[] | undefined {
  const services = b.services(st);
  if (services === undefined) return undefined;
  const s = services[0];
  if (s && hostType(s.host, s.text) === "CNAME")
    return [rr(st.qname, s.ttl, { type: "CNAME", target: fqdn(s.host) })];
  return [];
}

/** backend_lookup.go PTR: distinct target names. */
export function ptrLookup(b: Backend, st: State): ResourceRecord[] | undefined {
  const services = b.reverse(st);
  if (services === undefined) return undefined;
  const out: ResourceRecord[] = [];
  const dup = new Set<string>();
  for (const s of services) {
    if (hostType(s.host) !== "CNAME" || dup.has(s.host)) continue;
    dup.add(s.host);
    out.push(rr(st.qname, s.ttl, { type: "PTR", target: fqdn(s.host) }));
  }
  return out;
}

/**
 * backend_lookup.go SRV: weight floor(100/n) over every entry of the priority (counted before
 * duplicates are dropped), min 1; port -1 entries are counted but produce nothing; additional records
 * per distinct (target, address).
 */
export function srvLookup(b: Backend, st: State): Records | undefined {
  const services = b.services(st);
  if (services === undefined) return undefined;
  const records: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const dup = new Set<string>();
  const total = services.length * 100;
  for (const serv of services) {
    if (serv.port === -1) continue;
    let weight = Math.floor((100.0 / total) * 100);
    if (weight === 0) weight = 1;
    const what = hostType(serv.host, serv.text);
    if (what !== "A" && what !== "AAAA") continue;
    const target = fqdn(serv.domain);
    const k1 = `${target}\u0000\u0000${serv.port}`;
    if (!dup.has(k1)) {
      dup.add(k1);
      records.push(
        rr(st.qname, serv.ttl, { type: "SRV", srv: { priority: 0, weight, port: serv.port, target } }),
      );
    }
    const k2 = `${target}\u0000${serv.host}\u00000`;
    if (!dup.has(k2)) {
      dup.add(k2);
      extra.push(addrRR(target, serv));
    }
  }
  return { records, extra, truncated: false };
}

/** backend_lookup.go NS: the nameserver set of `ns.dns.<zone>`, one NS per distinct name, glue for every address. */
export function nsLookup(b: Backend, st: State): Records | undefined {
  const services = b.services({
    qname: `ns.dns.${st.zone}`,
    name: `ns.dns.${st.zone}`.toLowerCase(),
    qtype: "NS",
    zone: st.zone,
  });
  if (services === undefined) return undefined;
  const records: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const seen = new Set<string>();
  for (const s of services) {
    const target = fqdn(s.domain);
    extra.push(addrRR(target, s));
    if (seen.has(target)) continue;
    seen.add(target);
    records.push(rr(st.qname, s.ttl, { type: "NS", target }));
  }
  return { records, extra, truncated: false };
}

/** backend_lookup.go SOA: TTL min(ttl, 300), minimum = ttl, serial = last change. */
export function soaRecord(zone: string, ttl: number, serial: number): ResourceRecord {
  const j = (p: string) => (zone === "." ? `${p}.` : `${p}.${zone}`);
  return rr(zone, Math.min(ttl, 300), {
    type: "SOA",
    soa: {
      mname: j("ns.dns"),
      rname: j("hostmaster"),
      serial,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: ttl,
    },
  });
}

/** The message a DnsResult carries, as plugin/pkg/nonwriter captures it (error results write a bare reply). */
export function capture(r: DnsResult, q: DnsMessage): DnsMessage | undefined {
  if (r.kind === "reply") return r.msg;
  if (r.kind === "error") {
    return {
      ...q,
      rcode: r.rcode,
      flags: { ...q.flags, qr: true },
      answer: [],
      authority: [],
      additional: [],
    };
  }
  return undefined;
}
