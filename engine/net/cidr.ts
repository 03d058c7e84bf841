/**
 * CIDR prefixes: parse, membership, n-th address and subnetting. Used for ClusterIP ranges, per-node
 * pod CIDRs (cluster CIDR split by host prefix, as kube-controller-manager's range allocator does) and
 * NetworkPolicy ipBlocks.
 */
import { formatIPv4, formatIPv6, parseIp, type Ip, type IpFamily } from "./ip.js";

export interface Cidr {
  family: IpFamily;
  /** Network address (host bits cleared). */
  base: bigint;
  prefix: number;
  bits: 32 | 128;
}

/** Parses `a.b.c.d/n` or `x::/n`; the host bits are cleared, as Go's netip.Prefix.Masked() does. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const p = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const v = BigInt(ip.value);
  const hostBits = BigInt(bits - prefix);
  return { family: ip.family, base: (v >> hostBits) << hostBits, prefix, bits };
}

export function formatCidr(c: Cidr): string {
  return `${addressText(c.family, c.base)}/${c.prefix}`;
}

function addressText(family: IpFamily, v: bigint): string {
  return family === 4 ? formatIPv4(Number(v)) : formatIPv6(v);
}

/** Number of addresses in the prefix. */
export function cidrSize(c: Cidr): bigint {
  return 1n << BigInt(c.bits - c.prefix);
}

export function cidrContainsIp(c: Cidr, ip: Ip): boolean {
  if (ip.family !== c.family) return false;
  const hostBits = BigInt(c.bits - c.prefix);
  return (BigInt(ip.value) >> hostBits) << hostBits === c.base;
}

/** Whether the text address lies inside the prefix (false for unparsable input). */
export function cidrContains(c: Cidr, ipText: string): boolean {
  const ip = parseIp(ipText);
  return ip !== undefined && cidrContainsIp(c, ip);
}

/** The n-th address of the prefix (0 = network address), or undefined when past the end. */
export function nthAddress(c: Cidr, n: bigint | number): string | undefined {
  const k = BigInt(n);
  if (k < 0n || k >= cidrSize(c)) return undefined;
  return addressText(c.family, c.base + k);
}

/** Offset of an address inside the prefix, or undefined when outside. */
export function addressOffset(c: Cidr, ipText: string): bigint | undefined {
  const ip = parseIp(ipText);
  if (!ip || !cidrContainsIp(c, ip)) return undefined;
  return BigInt(ip.value) - c.base;
}

/** The index-th subnet of size `prefix` inside `c` (e.g. the i-th node's /24 of 10.244.0.0/16). */
export function subnet(c: Cidr, prefix: number, index: number): Cidr | undefined {
  if (prefix < c.prefix || prefix > c.bits) return undefined;
  const count = 1n << BigInt(prefix - c.prefix);
  if (BigInt(index) >= count || index < 0) return undefined;
  return {
    family: c.family,
    base: c.base + (BigInt(index) << BigInt(c.bits - prefix)),
    prefix,
    bits: c.bits,
  };
}

/** Whether two prefixes share any address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const p = BigInt(a.bits - Math.min(a.prefix, b.prefix));
  return a.base >> p === b.base >> p;
}
