/**
 * Reply classification (plugin/pkg/response/typify.go) and the TTL it is cached for
 * (plugin/pkg/dnsutil/ttl.go MinimalTTL, plugin/cache/cache.go computeTTL), following
 * dns-behaviour.md §11.3 where it refines the code: a NOERROR answer must contain the qtype to be a
 * positive answer; a CNAME chain that never reaches the qtype is NODATA with an SOA, and not cached
 * at all without one.
 */
import type { DnsMessage } from "../../message.js";

export type ReplyType =
  "NoError" | "NameError" | "ServerError" | "NoData" | "Delegation" | "Meta" | "Update" | "OtherError";

export function typify(m: DnsMessage): ReplyType {
  if (m.opcode === "UPDATE") return "Update";
  if (m.opcode === "NOTIFY") return "Meta";
  const q = m.question[0];
  if (q && (q.type === "AXFR" || q.type === "IXFR")) return "Meta";
  const qtype = q?.type.toUpperCase();
  const answerMatch = m.answer.some((r) => r.type.toUpperCase() === qtype || qtype === "ANY");
  if (m.answer.length > 0 && m.rcode === "NOERROR" && answerMatch) return "NoError";
  const soa = m.authority.some((r) => r.type === "SOA");
  const ns = m.authority.filter((r) => r.type === "NS").length;
  if (soa && m.rcode === "NOERROR") return "NoData";
  if (m.answer.length > 0 && m.rcode === "NOERROR") return "OtherError"; // CNAME chain, no SOA
  if (soa && m.rcode === "NXDOMAIN") return "NameError";
  if (m.rcode === "SERVFAIL" || m.rcode === "NOTIMP") return "ServerError";
  if (ns > 0 && m.rcode === "NOERROR") return "Delegation";
  if (m.rcode === "NOERROR") return "NoError";
  return "OtherError";
}

/** dnsutil.MinimalDefaultTTL / MaximumDefaulTTL (seconds). */
export const MINIMAL_DEFAULT_TTL = 5;
export const MAXIMUM_DEFAULT_TTL = 3600;

/** dnsutil.MinimalTTL: the smallest TTL of all RRs (OPT excluded), capped at 1h; 5s for empty replies. */
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
