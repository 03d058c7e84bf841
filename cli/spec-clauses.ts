/**
 * The clauses of the Kubernetes DNS-Based Service Discovery specification (kubernetes/dns
 * docs/specification.md, schema version 1.1.0), by section number, with the extensions CoreDNS adds
 * as "3". Tests of suites/k8s-dns-spec carry `spec-<clause>` tags; `netspec coverage` lists each
 * clause with the tests covering it.
 */
export interface SpecClause {
  clause: string;
  title: string;
}

export const DNS_SPEC_CLAUSES: readonly SpecClause[] = [
  { clause: "2.1", title: "Definitions (case-insensitive names, namespaces, the zone)" },
  { clause: "2.2", title: "Record for schema version: dns-version.<zone>. TXT" },
  { clause: "2.3.1", title: "ClusterIP service: A/AAAA records" },
  { clause: "2.3.2", title: "ClusterIP service: SRV records per named port" },
  { clause: "2.3.3", title: "ClusterIP service: PTR records" },
  { clause: "2.4.1", title: "Headless service: A/AAAA records per ready endpoint" },
  { clause: "2.4.2", title: "Headless service: SRV records per endpoint and named port" },
  { clause: "2.4.3", title: "Headless service: PTR records per ready endpoint" },
  { clause: "2.5", title: "ExternalName service: CNAME record" },
  { clause: "2.6", title: "Deprecated records: pod A records <a-b-c-d>.<ns>.pod.<zone>" },
  { clause: "3", title: "Schema extensions (CoreDNS: apex SOA/NS, negative answers and their TTLs)" },
];

/** The clause a tag names (`spec-2.4.1` → `2.4.1`), if it is one. */
export function clauseOfTag(tag: string): string | undefined {
  const m = /^spec-(\d+(?:\.\d+)*)$/.exec(tag);
  return m && DNS_SPEC_CLAUSES.some((c) => c.clause === m[1]) ? m[1] : undefined;
}
