/**
 * plugin/acl's Corefile grammar (CoreDNS 1.14.7 plugin/acl/setup.go parse): one rule per `acl
 * [ZONES...]` directive, one policy per block line `allow|block|filter|drop [type QTYPE...] [net
 * CIDR...]`; a missing section means every type or every address.
 */
import { parseCidr } from "../../../net/index.js";
import type { Cidr } from "../../../net/index.js";
import type { Directive } from "../../plugin.js";
import { failAt } from "../shared/index.js";

export type Action = "allow" | "block" | "filter" | "drop";

export interface Policy {
  action: Action;
  /** Query types, or "*" (dns.TypeNone) for all. */
  qtypes: Set<string>;
  /** Source networks; undefined = 0.0.0.0/0 and ::/0 (newDefaultFilter). */
  nets?: Cidr[];
}

/**
 * miekg/dns StringToType keys: acl looks the token up as written, so `type a` is not a QTYPE.
 */
const QTYPES = new Set(
  (
    "None A NS MD MF CNAME SOA MB MG MR NULL PTR HINFO MINFO MX TXT RP AFSDB X25 ISDN RT NSAP NSAP-PTR " +
    "SIG KEY PX GPOS AAAA LOC NXT EID NIMLOC SRV ATMA NAPTR KX CERT DNAME OPT APL DS SSHFP IPSECKEY " +
    "RRSIG NSEC DNSKEY DHCID NSEC3 NSEC3PARAM TLSA SMIMEA HIP NINFO RKEY TALINK CDS CDNSKEY OPENPGPKEY " +
    "CSYNC ZONEMD SVCB HTTPS SPF UINFO UID GID UNSPEC NID L32 L64 LP EUI48 EUI64 NXNAME URI CAA AVC " +
    "AMTRELAY RESINFO TKEY TSIG IXFR AXFR MAILB MAILA ANY TA DLV Reserved"
  ).split(" "),
);

const isSection = (t: string) => t.toLowerCase() === "type" || t.toLowerCase() === "net";

/** setup.go normalize: a bare address is a /32 or /128. */
function normalize(raw: string): string {
  if (raw.includes("/")) return raw;
  return raw.includes(":") ? `${raw}/128` : `${raw}/32`;
}

/** One block line of an acl directive (setup.go parse, the `for c.NextBlock()` body). */
export function parsePolicy(d: Directive, line: Directive): Policy {
  const action = line.name.toLowerCase();
  if (action !== "allow" && action !== "block" && action !== "filter" && action !== "drop")
    failAt(d, line, `unexpected token "${line.name}"; expect 'allow', 'block', 'filter' or 'drop'`);
  const p: Policy = { action, qtypes: new Set() };
  let hasType = false;
  let hasNet = false;
  let allNets = false;
  const nets: Cidr[] = [];
  let rest = [...line.args];
  while (rest.length) {
    if (!isSection(rest[0]!)) failAt(d, line, `unexpected token "${rest[0]}"; expect 'type | net'`);
    const section = rest[0]!.toLowerCase();
    let i = 1;
    while (i < rest.length && !isSection(rest[i]!)) i++;
    const tokens = rest.slice(1, i);
    rest = rest.slice(i);
    if (!tokens.length) failAt(d, line, `no token specified in "${section}" section`);
    if (section === "type") {
      hasType = true;
      for (const t of tokens) {
        // `*` is dns.TypeNone and ends the section (the Go loop breaks there).
        if (t === "*") {
          p.qtypes.add("*");
          break;
        }
        if (!QTYPES.has(t)) failAt(d, line, `unexpected token "${t}"; expect legal QTYPE`);
        p.qtypes.add(t);
      }
    } else {
      hasNet = true;
      for (const t of tokens) {
        // `*` swaps in newDefaultFilter (every address; later inserts change nothing) and ends the section.
        if (t === "*") {
          allNets = true;
          break;
        }
        const c = parseCidr(normalize(t));
        if (!c) failAt(d, line, `illegal CIDR notation "${normalize(t)}"`);
        nets.push(c);
      }
    }
  }
  if (!hasType) p.qtypes.add("*");
  if (hasNet && !allNets) p.nets = nets;
  return p;
}
