/**
 * Disagreements the differential tester knows the reason for. Each is recorded in a suite as a
 * known divergence of the local target (the `on local "..."` clause cites the same upstream code),
 * so the tester and the suites tell one story. Anything not matched here is unexplained.
 */
import type { DnsObs } from "../observation.js";
import type { Query } from "./generate.js";
import { normalRecords } from "../parity/index.js";

export interface KnownDivergence {
  id: string;
  reason: string;
  /** Where the suite records it. */
  suite: string;
  matches(q: Query, reference: DnsObs, other: DnsObs, domain: string): boolean;
}

export const KNOWN_DIVERGENCES: KnownDivergence[] = [
  {
    id: "renamed-namespace-truncation",
    reason:
      "both replies are truncated (TC) and one holds a subset of the other's records: the local target renames non-default namespaces per case (netspec-<seed>-<case>-<ns>), which lengthens every name in them, so miekg/dns Msg.Truncate fits fewer records into the 512-byte UDP reply",
    suite: "suites/coredns/server-plugins.netspec",
    matches: (_q, a, b) => a.flags.includes("tc") && b.flags.includes("tc") && subsetOrSuperset(a, b),
  },
  {
    id: "cache-timing",
    reason:
      "the same records, but one reply came from a CoreDNS cache and the other fresh, or both from a cache at different ages (AA set on a hit: plugin/cache item.go toMsg; TTLs counted down): kubeadm runs two CoreDNS replicas with a cache each, and which one answers a repeated question is kube-proxy's random pick on a real cluster, the seeded pick on the reference, whose clock also stands still between questions while a real one runs",
    suite: "suites/coredns/server-plugins.netspec",
    matches: (_q, a, b, domain) => sameButCache(a, b, domain),
  },
];

/**
 * Equal but for what a cache changes: the AA flag and, outside the cluster domain (whose answers
 * kubeadm's Corefile does not cache), the TTLs; SOA serials are never compared (compare-dns.ts).
 */
function sameButCache(a: DnsObs, b: DnsObs, domain: string): boolean {
  const flags = (o: DnsObs) => o.flags.filter((f) => f !== "aa").join(" ");
  const records = (o: DnsObs) =>
    normalRecords([...o.answer, ...o.authority, ...o.additional])
      .map((r) => r.split(" "))
      .map(([name, ttl, ...rest]) => {
        const inCluster = name!.toLowerCase().replace(/\.$/, "").endsWith(domain);
        return [name!.toLowerCase(), inCluster ? ttl : "TTL", ...rest].join(" ");
      })
      .sort();
  return (
    a.rcode === b.rcode && flags(a) === flags(b) && JSON.stringify(records(a)) === JSON.stringify(records(b))
  );
}

function subsetOrSuperset(a: DnsObs, b: DnsObs): boolean {
  const lines = (o: DnsObs) =>
    [...o.answer, ...o.authority, ...o.additional].map((r) => `${r.name} ${r.type} ${r.data}`.toLowerCase());
  const [la, lb] = [lines(a), lines(b)];
  const [small, big] = la.length <= lb.length ? [la, lb] : [lb, la];
  const bigSet = new Set(big);
  return a.rcode === b.rcode && small.every((l) => bigSet.has(l));
}

export function explain(q: Query, a: DnsObs, b: DnsObs, domain: string): KnownDivergence | undefined {
  return KNOWN_DIVERGENCES.find((k) => k.matches(q, a, b, domain));
}
