/**
 * The records a kubernetes-plugin zone transfer is made of, shared by the single-cluster and the
 * multicluster listing (CoreDNS 1.14.7 plugin/kubernetes/xfr.go emitAddressRecord, calcSRVWeight).
 */
import type { ResourceRecord } from "../../message.js";
import { ipFamily } from "../../../net/index.js";

/** One IN-class record of `data`'s type at `name`. */
export const rr = (name: string, ttl: number, data: ResourceRecord["data"]): ResourceRecord => ({
  name,
  type: data.type === "RAW" ? data.rrtype : data.type,
  class: "IN",
  ttl,
  data,
});

/** emitAddressRecord: an A or AAAA record for `ip` at `name`; undefined for a non-address. */
export function address(name: string, ip: string, ttl: number): ResourceRecord | undefined {
  const f = ipFamily(ip);
  if (f === undefined) return undefined;
  return rr(name, ttl, { type: f === 4 ? "A" : "AAAA", address: ip });
}

/** calcSRVWeight: 100 / (100 per service) * 100, floored, at least 1. */
export const srvWeight = (n: number) => Math.max(1, Math.floor((100 / (100 * n)) * 100));
