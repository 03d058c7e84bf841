/**
 * IPv4/IPv6 addresses. IPv4 is kept as an unsigned 32-bit number and IPv6 as a 128-bit bigint, so
 * CIDR arithmetic on hot paths (pod IPAM, PTR lookups) is plain integer math. Formatting follows Go's
 * net/netip `Addr.String()` (RFC 5952: lower-case hex, the longest run of two or more zero groups
 * compressed, the first run on a tie, IPv4-mapped addresses printed as `::ffff:a.b.c.d`).
 */
export type IpFamily = 4 | 6;

export type Ip = { family: 4; value: number } | { family: 6; value: bigint };

const V4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted-quad IPv4 address (no leading zeros, as Go's netip rejects them); undefined if invalid. */
export function parseIPv4(text: string): number | undefined {
  const m = V4_RE.exec(text);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith("0")) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Parses an IPv6 address (with optional embedded IPv4 tail); undefined if invalid. Zones are rejected. */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length < 2 || text.includes("%")) return undefined;
  let t = text;
  const lastColon = t.lastIndexOf(":");
  if (t.indexOf(".", lastColon) >= 0) {
    // Embedded IPv4 tail (`::ffff:1.2.3.4`): rewrite it as two hex groups.
    const v4 = parseIPv4(t.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    t = `${t.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const dbl = t.indexOf("::");
  if (dbl >= 0 && t.indexOf("::", dbl + 1) >= 0) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = parseGroups(t.slice(0, dbl));
    const right = parseGroups(t.slice(dbl + 2));
    if (!left || !right) return undefined;
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    const g = parseGroups(t);
    if (!g || g.length !== 8) return undefined;
    groups = g;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // IPv4-mapped: Go's netip prints ::ffff:1.2.3.4.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(Number(value & 0xffffffffn))}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function parseIp(text: string): Ip | undefined {
  if (text.includes(":")) {
    const v = parseIPv6(text);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIPv4(text);
  return v === undefined ? undefined : { family: 4, value: v };
}

export function formatIp(ip: Ip): string {
  return ip.family === 4 ? formatIPv4(ip.value) : formatIPv6(ip.value);
}

/** The canonical text of an address (as netip prints it), or undefined if it is not one. */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : undefined;
}

export function ipFamily(text: string): IpFamily | undefined {
  return parseIp(text)?.family;
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

export function isIPv6(text: string): boolean {
  return text.includes(":") && parseIPv6(text) !== undefined;
}
