/**
 * Server block keys, after CoreDNS core/dnsserver/register.go and plugin/normalize.go
 * (`SplitHostPort`): `[scheme://]zone[:port]`, zones lower-cased FQDNs, a CIDR turned into its
 * reverse zone(s).
 */
import { CorefileError, CorefileUnmodelled } from "../plugin.js";
import type { Token } from "./lexer.js";
import { reverseZonesForCidr } from "./cidr.js";

export interface ZoneAddr {
  zone: string;
  port: number;
  scheme: string;
}

export const DEFAULT_PORT = 53;

export function parseKey(tok: Token): ZoneAddr[] {
  let k = tok.text;
  let scheme = "dns";
  const m = /^([a-z]+):\/\//i.exec(k);
  if (m) {
    scheme = m[1]!.toLowerCase();
    k = k.slice(m[0].length);
  }
  if (scheme !== "dns") {
    throw new CorefileUnmodelled(
      `transport '${scheme}://' is not modelled by the reference engine yet: the reference target skips this suite, real CoreDNS runs it on real targets`,
      tok.line,
      tok.column,
    );
  }
  // plugin/normalize.go SplitHostPort: the text after the last colon is the port when it is a number.
  let port = DEFAULT_PORT;
  const colon = k.lastIndexOf(":");
  if (colon >= 0 && colon === k.length - 1) {
    throw new CorefileError(`expecting data after last colon: "${k}"`, tok.line, tok.column);
  }
  if (colon >= 0 && /^\d+$/.test(k.slice(colon + 1))) {
    port = Number(k.slice(colon + 1));
    if (port > 65535)
      throw new CorefileError(`invalid port in server block key '${tok.text}'`, tok.line, tok.column);
    k = k.slice(0, colon);
  }
  // Then its length, then dns.IsDomainName, before the reverse-CIDR parse.
  if (k.length > 255)
    throw new CorefileError(`specified zone is too long: ${k.length} > 255`, tok.line, tok.column);
  const host = k === "" ? "." : k;
  if (!isDomainName(host))
    throw new CorefileError(`zone is not a valid domain name: ${host}`, tok.line, tok.column);
  const reverse = reverseZonesForCidr(k);
  if (reverse) return reverse.map((zone) => ({ zone, port, scheme }));
  const zone = host === "." ? "." : host.toLowerCase().replace(/\.?$/, ".");
  return [{ zone, port, scheme }];
}

/**
 * miekg/dns IsDomainName (labels.go) for names without escapes: the root, or labels of 1 to 63
 * octets with at most one trailing dot — so no empty label (`a..b`) and no leading dot (`.3`).
 */
export function isDomainName(name: string): boolean {
  if (name === ".") return true;
  const labels = name.replace(/\.$/, "").split(".");
  return labels.every((l) => l.length > 0 && l.length <= 63);
}
