/**
 * Message length as miekg/dns computes it (msg.go `msgLenWithCompressionMap`, `domainNameLen`):
 * uncompressed, or with name compression where miekg compresses (owner names, and the names inside
 * CNAME/NS/PTR/MX/SOA rdata; SRV targets are never compressed, RFC 2782).
 */
import type { DnsMessage, Edns, ResourceRecord } from "../message.js";
import { wireLabels } from "./names.js";

const HEADER = 12;
/** miekg/dns: compression pointers can only reach the first 16 KiB (maxCompressionOffset). */
const MAX_COMPRESSION_OFFSET = 2 << 13;

/** Tracks the names already written so later ones can point at them. */
export type CompressionMap = Set<string> | undefined;

function utf8Len(s: string): number {
  return Buffer.byteLength(s, "utf-8");
}

/**
 * Length of a name written at `offset` (miekg/dns domainNameLen + compressionLenSearch): with a map,
 * every suffix is remembered (exact-case keys, first 16 KiB only) and, when `compress` is set, a known
 * suffix costs a 2-byte pointer. Names that may not be compressed (SRV targets) still feed the map.
 */
export function nameLen(name: string, offset: number, comp: CompressionMap, compress = true): number {
  const labels = wireLabels(name);
  if (labels.length === 0) return 1;
  if (!comp) return labels.reduce((n, l) => n + 1 + l.bytes.length, 1);
  let len = 0;
  for (const label of labels) {
    if (comp.has(label.suffix)) {
      if (compress) return len + 2;
    } else if (offset + len < MAX_COMPRESSION_OFFSET) {
      comp.add(label.suffix);
    }
    len += 1 + label.bytes.length;
  }
  return len + 1;
}

function rdataLen(rr: ResourceRecord, offset: number, comp: CompressionMap): number {
  const d = rr.data;
  switch (d.type) {
    case "A":
      return 4;
    case "AAAA":
      return 16;
    case "CNAME":
    case "PTR":
    case "NS":
      return nameLen(d.target, offset, comp);
    case "DNAME":
      return nameLen(d.target, offset, comp, false);
    case "SRV":
      return 6 + nameLen(d.srv.target, offset + 6, comp, false);
    case "SOA": {
      const m = nameLen(d.soa.mname, offset, comp);
      return m + nameLen(d.soa.rname, offset + m, comp) + 20;
    }
    case "TXT":
      return d.strings.reduce((n, s) => n + 1 + utf8Len(s), 0);
    case "MX":
      return 2 + nameLen(d.exchange, offset + 2, comp);
    case "HINFO":
      return 2 + utf8Len(d.cpu) + utf8Len(d.os);
    case "RAW": {
      const m = /^\\#\s+(\d+)/.exec(d.text.trim());
      return m ? Number(m[1]) : 0;
    }
  }
}

/** One RR written at `offset`: owner + type/class/ttl/rdlength (10) + rdata. */
export function rrLen(rr: ResourceRecord, offset: number, comp: CompressionMap): number {
  const owner = nameLen(rr.name, offset, comp);
  return owner + 10 + rdataLen(rr, offset + owner + 10, comp);
}

/** The OPT pseudo-RR: root owner (1) + 10 + options (4 + data each). */
export function optLen(edns: Edns): number {
  return 11 + edns.options.reduce((n, o) => n + 4 + o.data.length, 0);
}

/** Bytes of the message on the wire; `compress` as CoreDNS replies are sent after truncation. */
export function messageSize(msg: DnsMessage, opts: { compress?: boolean } = {}): number {
  const comp: CompressionMap = opts.compress ? new Set() : undefined;
  let l = HEADER;
  for (const q of msg.question) l += nameLen(q.name, l, comp) + 4;
  for (const rr of [...msg.answer, ...msg.authority, ...msg.additional]) {
    if (rr.type === "OPT") continue;
    l += rrLen(rr, l, comp);
  }
  if (msg.edns) l += optLen(msg.edns);
  return l;
}
