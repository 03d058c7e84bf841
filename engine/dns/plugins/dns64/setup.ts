/**
 * plugin/dns64's Corefile grammar (CoreDNS 1.14.7 plugin/dns64/setup.go dns64Parse): `dns64
 * [PREFIX]` or a block of `prefix PREFIX`, `translate_all`, `allow_ipv4`; the prefix defaults to
 * 64:ff9b::/96 (RFC 6052's well-known prefix) and must be an IPv6 /32, /40, /48, /56, /64 or /96.
 */
import { formatCidr, parseCidr } from "../../../net/index.js";
import type { Directive } from "../../plugin.js";
import { argErr, failAt } from "../shared/index.js";

export interface Dns64Options {
  /** The prefix's 16 bytes. */
  prefix: Uint8Array;
  prefixLen: number;
  translateAll: boolean;
  allowIPv4: boolean;
}

/** setup.go parsePrefix. */
function parsePrefix(d: Directive, at: Directive, text: string): Pick<Dns64Options, "prefix" | "prefixLen"> {
  const c = parseCidr(text);
  // net.ParseCIDR's own error comes back unwrapped by c.Errf.
  if (!c) failAt(d, at, `invalid CIDR address: ${text}`);
  if (c.bits !== 128) failAt(d, at, `invalid netmask ${c.bits} IPv6 address: "${formatCidr(c)}"`);
  if (c.prefix % 8 !== 0 || c.prefix < 32 || c.prefix > 96)
    failAt(d, at, `invalid prefix length "${formatCidr(c)}"`);
  const prefix = new Uint8Array(16);
  for (let i = 0; i < 16; i++) prefix[i] = Number((c.base >> BigInt(8 * (15 - i))) & 0xffn);
  return { prefix, prefixLen: c.prefix };
}

export function parseDns64(d: Directive): Dns64Options {
  const o: Dns64Options = { ...parsePrefix(d, d, "64:ff9b::/96"), translateAll: false, allowIPv4: false };
  if (d.args.length === 1) {
    // `dns64 PREFIX` skips the block entirely (the Go loop `continue`s).
    return { ...o, ...parsePrefix(d, d, d.args[0]!) };
  }
  if (d.args.length > 1) argErr(d);
  for (const line of d.block) {
    switch (line.name) {
      case "prefix":
        if (!line.args[0]) argErr(d, line);
        Object.assign(o, parsePrefix(d, line, line.args[0]!));
        break;
      case "translate_all":
        o.translateAll = true;
        break;
      case "allow_ipv4":
        o.allowIPv4 = true;
        break;
      default:
        failAt(d, line, `unknown property '${line.name}'`);
    }
  }
  return o;
}
