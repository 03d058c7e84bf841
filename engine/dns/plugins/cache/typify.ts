/**
 * Reply classification and cacheability, ported from CoreDNS 1.14.7 (plugin/pkg/response/typify.go
 * Typify; plugin/cache/cache.go cacheResponseType, key, isNODATA, answersQuestion; and the TTL it
 * is cached for, plugin/pkg/dnsutil/ttl.go MinimalTTL, cache.go computeTTL).
 *
 * Two steps that are easy to conflate: Typify calls any NOERROR reply with answers NoError (a CNAME
 * chain that never reaches the qtype included), which decides the TTL every RR is rewritten to;
 * the cache then reclassifies such a chain as NoData when an SOA bounds it, and refuses to store
 * it at all without one (RFC 2308 §5). A kubernetes ExternalName reply carrying only its CNAME is
 * therefore rewritten to the clamped positive TTL but not stored — as the local target's real
 * CoreDNS 1.14.7 shows (30 s under kubeadm's `cache 30`, not the 5 s fail-safe).
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";

export type ReplyType =
  "NoError" | "NameError" | "ServerError" | "NoData" | "Delegation" | "Meta" | "Update" | "OtherError";

/** response.Typify (DNSSEC expiry checks aside: the model carries no RRSIGs). */
export function typify(m: DnsMessage): ReplyType {
  if (m.opcode === "UPDATE") return "Update";
  if (m.opcode === "NOTIFY") return "Meta";
  const q = m.question[0];
  if (q && (q.type === "AXFR" || q.type === "IXFR")) return "Meta";
  if (m.answer.length > 0 && m.rcode === "NOERROR") return "NoError";
  if (m.answer.length > 0 && m.rcode === "NXDOMAIN") return "OtherError";
  const soa = hasSoa(m);
  const ns = m.authority.filter((r) => r.type === "NS").length;
  if (soa && m.rcode === "NOERROR") return "NoData";
  if (m.rcode === "NXDOMAIN") return "NameError";
  if (m.rcode === "SERVFAIL" || m.rcode === "NOTIMP") return "ServerError";
  if (ns > 0 && m.rcode === "NOERROR") return "Delegation";
  if (m.rcode === "NOERROR") return "NoError";
  return "OtherError";
}

/** cache.go cacheResponseType: a NOERROR CNAME chain that does not answer, with an SOA, is NoData. */
export function cacheType(m: DnsMessage): ReplyType {
  const t = typify(m);
  return t === "NoError" && hasSoa(m) && isNoData(m) ? "NoData" : t;
}

/** cache.go key(): whether a reply of type `t` may be stored at all. */
export function cacheable(m: DnsMessage, t: ReplyType): boolean {
  if (m.flags.tc) return false;
  if (t === "OtherError" || t === "Meta" || t === "Update") return false;
  if (t === "NameError" && !hasSoa(m)) return false;
  if (t === "NoError" && !hasSoa(m) && isNoData(m)) return false;
  return true;
}

function hasSoa(m: DnsMessage): boolean {
  return m.authority.some((r) => r.type === "SOA");
}

/** cache.go isNODATA: answers present, none answering the question. */
function isNoData(m: DnsMessage): boolean {
  return m.answer.length > 0 && !answersQuestion(m);
}

/** cache.go answersQuestion / answerHasType: follow the CNAME chain from QNAME to the qtype. */
function answersQuestion(m: DnsMessage): boolean {
  const q = m.question[0];
  if (m.rcode !== "NOERROR" || !q || m.answer.length === 0) return false;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const qtype = q.type.toUpperCase();
  if (qtype === "ANY") return m.answer.some((r) => same(r.name, q.name));
  const targets = (owner: string) =>
    new Set(
      m.answer
        .filter((r) => r.type === "CNAME" && same(r.name, owner))
        .map((r) => cnameTarget(r).toLowerCase()),
    );
  if (qtype === "CNAME") return targets(q.name).size === 1;
  // canonicalName: a loop or an owner with two distinct targets makes the chain malformed.
  let name = q.name;
  const visited = new Set<string>();
  for (;;) {
    if (visited.has(name.toLowerCase())) return false;
    visited.add(name.toLowerCase());
    const next = targets(name);
    if (next.size > 1) return false;
    if (next.size === 0) break;
    name = [...next][0]!;
  }
  return m.answer.some((r) => r.type.toUpperCase() === qtype && same(r.name, name));
}

function cnameTarget(r: ResourceRecord): string {
  return r.data.type === "CNAME" ? r.data.target : "";
}

/** dnsutil.MinimalDefaultTTL / MaximumDefaulTTL (seconds). */
export const MINIMAL_DEFAULT_TTL = 5;
export const MAXIMUM_DEFAULT_TTL = 3600;

/**
 * dnsutil.MinimalTTL: the smallest TTL of all RRs (OPT excluded), capped at 1h; 5s for other types
 * and for replies with no answer or authority and nothing but OPT in additional.
 */
export function minimalTtl(m: DnsMessage, t: ReplyType): number {
  if (t !== "NoError" && t !== "NameError" && t !== "NoData") return MINIMAL_DEFAULT_TTL;
  const extra = m.additional.filter((r) => r.type !== "OPT");
  if (m.answer.length + m.authority.length + extra.length === 0) return MINIMAL_DEFAULT_TTL;
  let min = MAXIMUM_DEFAULT_TTL;
  for (const r of [...m.answer, ...m.authority, ...extra]) min = Math.min(min, r.ttl);
  return min;
}

/** cache.go computeTTL: clamp to [min, max] (min first, so max wins when min > max). */
export function computeTtl(msgTtl: number, minTtl: number, maxTtl: number): number {
  let ttl = msgTtl;
  if (ttl < minTtl) ttl = minTtl;
  if (ttl > maxTtl) ttl = maxTtl;
  return ttl;
}
