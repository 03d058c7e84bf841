/**
 * DNS messages as the engine handles them: structured, case-preserving, names as FQDNs with a
 * trailing dot. The wire codec (dns-packet) converts to and from bytes at the transport edge only.
 */

export type RRType =
  | "A"
  | "AAAA"
  | "CNAME"
  | "DNAME"
  | "PTR"
  | "NS"
  | "SOA"
  | "SRV"
  | "TXT"
  | "MX"
  | "HINFO"
  | "CAA"
  | "HTTPS"
  | "SVCB"
  | "ANY"
  | "AXFR"
  | "IXFR"
  | "OPT"
  | string;

export type Rcode = "NOERROR" | "FORMERR" | "SERVFAIL" | "NXDOMAIN" | "NOTIMP" | "REFUSED" | string;

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export type RData =
  | { type: "A" | "AAAA"; address: string }
  | { type: "CNAME" | "PTR" | "NS"; target: string }
  /** RFC 6672 redirection of a subtree; its target is never compressed (miekg: not a compressible type). */
  | { type: "DNAME"; target: string }
  | { type: "SRV"; srv: SrvData }
  | { type: "SOA"; soa: SoaData }
  | { type: "TXT"; strings: string[] }
  | { type: "MX"; preference: number; exchange: string }
  | { type: "HINFO"; cpu: string; os: string }
  | { type: "RAW"; rrtype: string; text: string };

export interface ResourceRecord {
  name: string;
  type: RRType;
  class: string;
  ttl: number;
  data: RData;
}

export interface Question {
  name: string;
  type: RRType;
  class: string;
}

export interface Flags {
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
}

export interface Edns {
  udpSize: number;
  do: boolean;
  /**
   * `local`: the option is a miekg/dns EDNS0_LOCAL although its code has a type of its own (one
   * plugin/rewrite's edns0 local rules made); options read off the wire are typed by their code.
   */
  options: { code: number; data: Uint8Array; local?: true }[];
}

export interface DnsMessage {
  id: number;
  opcode: string;
  rcode: Rcode;
  flags: Flags;
  question: Question[];
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  edns?: Edns;
}
