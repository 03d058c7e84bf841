/** Literal words with a meaning of their own: durations, IP addresses and CIDRs. */

/** `300ms`, `5s`, `2m`, `1h` → milliseconds. */
export function duration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
}

/** A dotted-quad IPv4 address or an IPv6 address (with `::` and an embedded IPv4 tail). */
export function isIp(s: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(s)) return true;
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(":")) return false;
  const parts = s.split("::");
  if (parts.length > 2) return false;
  const groups = parts.flatMap((p) => (p === "" ? [] : p.split(":")));
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g) && !v4.test(g))) return false;
  return parts.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** `ADDRESS/BITS` with BITS within the address family's width. */
export function isCidr(s: string): boolean {
  const [ip, bits, extra] = s.split("/");
  if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits) || !ip || !isIp(ip)) return false;
  return Number(bits) <= (ip.includes(":") ? 128 : 32);
}
