/** Presentation (dig/zone-file) text of records, and query construction, for reasons, tests and the CLI. */
import type { DnsMessage, ResourceRecord } from "./message.js";

const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** The record as dig prints it: owner, TTL, class, type and rdata text. */
export function presentRecord(rr: ResourceRecord): {
  name: string;
  ttl: number;
  class: string;
  type: string;
  data: string;
} {
  const d = rr.data;
  let data: string;
  switch (d.type) {
    case "A":
    case "AAAA":
      data = d.address;
      break;
    case "CNAME":
    case "PTR":
    case "NS":
    case "DNAME":
      data = d.target;
      break;
    case "SRV":
      data = `${d.srv.priority} ${d.srv.weight} ${d.srv.port} ${d.srv.target}`;
      break;
    case "SOA":
      data = `${d.soa.mname} ${d.soa.rname} ${d.soa.serial} ${d.soa.refresh} ${d.soa.retry} ${d.soa.expire} ${d.soa.minimum}`;
      break;
    case "TXT":
      data = d.strings.map(quote).join(" ");
      break;
    case "MX":
      data = `${d.preference} ${d.exchange}`;
      break;
    case "HINFO":
      data = `${quote(d.cpu)} ${quote(d.os)}`;
      break;
    case "RAW":
      data = d.text;
      break;
  }
  return { name: rr.name, ttl: rr.ttl, class: rr.class, type: rr.type, data };
}

/** One dig-style line: `name ttl class type data`. */
export function presentLine(rr: ResourceRecord): string {
  const p = presentRecord(rr);
  return `${p.name} ${p.ttl} ${p.class} ${p.type} ${p.data}`;
}

/**
 * A query message as dig builds it: RD set unless `rd: false`, id 0 unless given (deterministic), an
 * OPT record when `bufsize` or `do` is given (dig's default EDNS size is 1232).
 */
export function makeQuery(q: {
  name: string;
  type: string;
  id?: number;
  rd?: boolean;
  bufsize?: number;
  do?: boolean;
  class?: string;
}): DnsMessage {
  const name = q.name.endsWith(".") ? q.name : `${q.name}.`;
  const m: DnsMessage = {
    id: q.id ?? 0,
    opcode: "QUERY",
    rcode: "NOERROR",
    flags: { qr: false, aa: false, tc: false, rd: q.rd ?? true, ra: false, ad: false, cd: false },
    question: [{ name, type: q.type.toUpperCase(), class: q.class ?? "IN" }],
    answer: [],
    authority: [],
    additional: [],
  };
  if (q.bufsize !== undefined || q.do)
    m.edns = { udpSize: q.bufsize ?? 1232, do: q.do ?? false, options: [] };
  return m;
}
