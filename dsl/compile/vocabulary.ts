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

/** Types a query may ask for (`expect dns TYPE`) beyond the record types upstream lines can hold. */
export const QUERY_TYPE_WORDS: readonly Word[] = [
  { name: "HTTPS", summary: "DNS query type HTTPS (RFC 9460): service binding for HTTPS origins." },
  { name: "SVCB", summary: "DNS query type SVCB (RFC 9460): general service binding." },
  { name: "NAPTR", summary: "DNS query type NAPTR (RFC 3403): naming authority pointer." },
  {
    name: "AXFR",
    summary:
      "DNS query type AXFR: a full zone transfer (over TCP), answered by CoreDNS's `transfer` plugin (file and kubernetes zones): SOA first and last, the zone between. A transfer of several messages (plugin/transfer flushes every 63000 bytes of records) reads as one reply: the first message's header, every answer in order. On real clusters dig in the pod asks it with `+comments +question`, each message's header read, the same one reply; dig sends every AXFR over TCP, so one without `over tcp` is reported skipped there.",
  },
  {
    name: "IXFR",
    summary:
      "DNS query type IXFR: an incremental zone transfer. It needs the client's SOA serial, which a probe cannot give yet: reported skipped.",
  },
];

/** Matcher-only rcodes: statuses judged from the whole reply, never sent on the wire. */
export const PSEUDO_RCODE_WORDS: readonly Word[] = [
  {
    name: "NODATA",
    summary:
      "NOERROR with no answer record of the asked type (RFC 2308 §2.2): `rcode NODATA` in `expect dns` and `expect resolve` (getaddrinfo's EAI_NODATA).",
  },
];

/** DNS classes a query may ask in (`class CH`). */
export const DNS_CLASSES: readonly string[] = ["IN", "CH", "HS", "ANY"];

export const RECORD_TYPES: readonly string[] = RECORD_TYPE_WORDS.map((w) => w.name);
export const QUERY_TYPES: readonly string[] = [...RECORD_TYPES, ...QUERY_TYPE_WORDS.map((w) => w.name)];
export const RCODES: readonly string[] = RCODE_WORDS.map((w) => w.name);
/** What `rcode X` may judge: the wire rcodes, TIMEOUT and NODATA. */
export const MATCHER_RCODES: readonly string[] = [...RCODES, ...PSEUDO_RCODE_WORDS.map((w) => w.name)];
