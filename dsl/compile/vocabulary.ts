/**
 * The DNS words of the language: record types (`expect dns TYPE`, upstream records, tries) and rcodes
 * (`rcode NXDOMAIN`, upstream rcode lines, tries), each with the line a hover shows.
 */

/** A word of the language with its documentation. */
export interface Word {
  readonly name: string;
  readonly summary: string;
}

export const RECORD_TYPE_WORDS: readonly Word[] = [
  {
    name: "A",
    summary:
      "DNS record type A: an IPv4 address (a ClusterIP service's cluster IP, or one per ready endpoint of a headless service).",
  },
  { name: "AAAA", summary: "DNS record type AAAA: an IPv6 address." },
  { name: "ANY", summary: "DNS query type ANY: every record of the name (CoreDNS answers it like A/AAAA)." },
  {
    name: "SRV",
    summary:
      "DNS record type SRV: priority, weight, port and target; one per named port (`_port._proto.svc.ns.svc.zone`).",
  },
  { name: "CNAME", summary: "DNS record type CNAME: what an ExternalName service answers." },
  { name: "PTR", summary: "DNS record type PTR: the reverse name of a cluster IP or endpoint address." },
  { name: "TXT", summary: "DNS record type TXT: `dns-version.<zone>` carries the schema version." },
  {
    name: "SOA",
    summary:
      "DNS record type SOA: in the authority section of every negative answer from the kubernetes plugin.",
  },
  { name: "NS", summary: "DNS record type NS: the zone's nameservers (the DNS service)." },
  { name: "MX", summary: "DNS record type MX: preference and mail exchanger (upstream names only)." },
  { name: "CAA", summary: "DNS record type CAA: certificate authority authorisation (upstream names only)." },
  { name: "DS", summary: "DNS record type DS: delegation signer (DNSSEC)." },
  { name: "DNSKEY", summary: "DNS record type DNSKEY: a zone's DNSSEC key." },
  { name: "HINFO", summary: "DNS record type HINFO: host information." },
];

export const RCODE_WORDS: readonly Word[] = [
  { name: "NOERROR", summary: "rcode NOERROR: the name exists (an empty answer is NODATA)." },
  { name: "FORMERR", summary: "rcode FORMERR: the server could not parse the query." },
  {
    name: "SERVFAIL",
    summary: "rcode SERVFAIL: the server failed (upstream unreachable, no plugin answered, API not synced).",
  },
  { name: "NXDOMAIN", summary: "rcode NXDOMAIN: the name does not exist." },
  { name: "NOTIMP", summary: "rcode NOTIMP: the server does not implement the query's opcode." },
  { name: "REFUSED", summary: "rcode REFUSED: no server block is authoritative for the name." },
  {
    name: "TIMEOUT",
    summary: "no reply at all (not an rcode on the wire): the client gave up waiting.",
  },
];

export const RECORD_TYPES: readonly string[] = RECORD_TYPE_WORDS.map((w) => w.name);
export const RCODES: readonly string[] = RCODE_WORDS.map((w) => w.name);
