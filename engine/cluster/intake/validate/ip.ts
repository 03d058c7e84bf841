/**
 * IP parsing as Kubernetes validation does it: k8s.io/utils/net ParseIPSloppy (Go 1.16 net.ParseIP,
 * which takes leading zeros in IPv4 parts as decimal) and ParseCIDRSloppy; an IPv4-mapped IPv6
 * address counts as IPv4 (Go's net.IP.To4).
 */
import { formatIPv4, formatIPv6, parseIPv6 } from "../../../net/index.js";

export interface SloppyIp {
  family: 4 | 6;
  /** IPv4 as a 32-bit number, IPv6 as 128 bits. */
  v4?: number;
  v6?: bigint;
}

function parseV4Sloppy(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v >>> 0;
}

export function parseIpSloppy(text: string): SloppyIp | undefined {
  if (!text.includes(":")) {
    const v4 = parseV4Sloppy(text);
    return v4 === undefined ? undefined : { family: 4, v4 };
  }
  let t = text;
  const last = t.lastIndexOf(":");
  if (t.indexOf(".", last) >= 0) {
    const v4 = parseV4Sloppy(t.slice(last + 1));
    if (v4 === undefined) return undefined;
    t = `${t.slice(0, last + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const v6 = parseIPv6(t);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { family: 4, v4: Number(v6 & 0xffffffffn) };
  return { family: 6, v6 };
}

export interface SloppyCidr {
  ip: SloppyIp;
  prefix: number;
  bits: 32 | 128;
}

export function parseCidrSloppy(text: string): SloppyCidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const p = text.slice(slash + 1);
  const ip = parseIpSloppy(addr);
  if (!ip || !/^[0-9]{1,3}$/.test(p)) return undefined;
  // An IPv4-mapped address with a /n is an IPv6 prefix in Go's ParseCIDR (n counted over 128 bits).
  const bits = addr.includes(":") ? 128 : 32;
  const prefix = Number(p);
  if (prefix > bits) return undefined;
  return { ip, prefix, bits };
}

/** The address as a 128-bit number (IPv4 mapped into ::ffff:0:0/96), for range tests. */
export function ip128(ip: SloppyIp): bigint {
  return ip.family === 4 ? (0xffffn << 32n) | BigInt(ip.v4!) : ip.v6!;
}

/** Whether `ip` lies in `cidr`. */
export function cidrHas(cidr: SloppyCidr, ip: SloppyIp): boolean {
  const host = BigInt(cidr.bits === 32 ? 32 - cidr.prefix : 128 - cidr.prefix);
  const net = cidr.bits === 32 ? BigInt(cidr.ip.v4 ?? 0) : ip128(cidr.ip);
  const x = cidr.bits === 32 ? (ip.family === 4 ? BigInt(ip.v4!) : -1n) : ip128(ip);
  if (x < 0n) return false;
  return x >> host === net >> host;
}

/** The address as Go prints a parsed IP (`010.96.1.1` → `10.96.1.1`), or the text when it is none. */
export function sloppyCanonical(text: string): string {
  const ip = parseIpSloppy(text);
  if (!ip) return text;
  return ip.family === 4 ? formatIPv4(ip.v4!) : formatIPv6(ip.v6!);
}

export function isValidIp(v: string): boolean {
  return parseIpSloppy(v) !== undefined;
}

export const IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
export const CIDR_MSG = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
