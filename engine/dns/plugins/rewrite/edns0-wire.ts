/**
 * The Go pieces plugin/rewrite's edns0 rules are built from: strconv.ParseUint(s, 0, 16) for option
 * codes and mask lengths, encoding/hex DecodeString for `0x` data, and the wire forms of wire.go
 * (ipToWire, portToWire, uint16ToWire) and miekg/dns EDNS0_SUBNET.pack.
 */
import { parseIPv4, parseIPv6 } from "../../../net/index.js";

/** strconv.ParseUint(s, 0, bits): the value, or the *NumError text. */
export function parseUint(s0: string, bits: number): number | { error: string } {
  const err = (why: string) => ({ error: `strconv.ParseUint: parsing ${JSON.stringify(s0)}: ${why}` });
  if (s0 === "") return err("invalid syntax");
  let s = s0;
  let base = 10;
  if (s[0] === "0") {
    const p = s[1]?.toLowerCase();
    base =
      s.length >= 3 && p === "b" ? 2 : s.length >= 3 && p === "o" ? 8 : s.length >= 3 && p === "x" ? 16 : 8;
    s = base === 8 && p !== "o" ? s.slice(1) : s.slice(2);
  }
  const max = (1n << BigInt(bits)) - 1n;
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === "_") {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return err("invalid syntax");
    n = n * BigInt(base) + BigInt(d);
    if (n > max) return err("value out of range");
  }
  if (underscores && !underscoreOK(s0)) return err("invalid syntax");
  return Number(n);
}

/** strconv underscoreOK: underscores only between digits (a base prefix counts as one). */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  let hex = false;
  const p = s[1]?.toLowerCase();
  if (s.length >= 2 && s[0] === "0" && (p === "b" || p === "o" || p === "x")) {
    i = 2;
    saw = "0";
    hex = p === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-f]/i.test(c))) saw = "0";
    else if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
    } else {
      if (saw === "_") return false;
      saw = "!";
    }
  }
  return saw !== "_";
}

/** encoding/hex DecodeString: the bytes, or the error text (the first bad byte, else odd length). */
export function hexDecode(s: string): Uint8Array | { error: string } {
  const bad = (c: string) => {
    const cp = c.codePointAt(0)!;
    return {
      error: `encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${c}'`,
    };
  };
  const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
  const out: number[] = [];
  let j = 1;
  for (; j < s.length; j += 2) {
    if (!isHex(s[j - 1])) return bad(s[j - 1]!);
    if (!isHex(s[j])) return bad(s[j]!);
    out.push(parseInt(s.slice(j - 1, j + 1), 16));
  }
  if (s.length % 2 === 1) {
    if (!isHex(s[j - 1])) return bad(s[j - 1]!);
    return { error: "encoding/hex: odd length hex string" };
  }
  return new Uint8Array(out);
}

/** net.ParseIP(...).To16(): every address as 16 bytes (IPv4 as ::ffff:a.b.c.d); undefined if none. */
function ip16(text: string): Uint8Array | undefined {
  const v4 = parseIPv4(text);
  const v =
    v4 !== undefined ? 0xffff00000000n | BigInt(v4) : text.includes(":") ? parseIPv6(text) : undefined;
  if (v === undefined) return undefined;
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = Number((v >> BigInt(8 * (15 - i))) & 0xffn);
  return b;
}

/** net.IP.To4: the IPv4 form of an IPv4 or IPv4-mapped address, else undefined. */
function to4(b: Uint8Array): Uint8Array | undefined {
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? b.slice(12) : undefined;
}

/** request.Family: 1 when the client's address has an IPv4 form, else 2. */
export function family(ip: string): 1 | 2 {
  const b = ip16(ip);
  return b && to4(b) ? 1 : 2;
}

/** wire.go ipToWire: `family` 1 → To4 (undefined for an IPv6 address), 2 → To16. */
export function ipToWire(fam: 1 | 2, ip: string): Uint8Array | undefined {
  const b = ip16(ip);
  if (!b) return undefined;
  return fam === 1 ? to4(b) : b;
}

/** wire.go uint16ToWire: big-endian. */
export function uint16ToWire(n: number): Uint8Array {
  return new Uint8Array([(n >> 8) & 0xff, n & 0xff]);
}

/**
 * edns0.go fillEcsData then miekg/dns EDNS0_SUBNET.pack: FAMILY, SOURCE PREFIX-LENGTH, SCOPE 0, and
 * the client's address masked to the prefix, cut to the bytes the prefix covers (RFC 7871 §6).
 */
export function subnetOption(clientIp: string, v4Bits: number, v6Bits: number): Uint8Array | undefined {
  const fam = family(clientIp);
  const addr = ipToWire(fam, clientIp);
  if (!addr) return undefined;
  const bits = fam === 1 ? v4Bits : v6Bits;
  const need = Math.ceil(bits / 8);
  const out = new Uint8Array(4 + need);
  out.set([0, fam, bits, 0]);
  for (let i = 0; i < need; i++) {
    const keep = Math.min(8, bits - 8 * i);
    out[4 + i] = addr[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}
