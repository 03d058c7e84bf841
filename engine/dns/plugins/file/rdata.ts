/**
 * Record data from master-file fields, as miekg/dns's per-type parsers read it (scan_rr.go: setA,
 * setAAAA, setNS, setCNAME, setDNAME, setPTR, setMX, setSRV, setSOA, setTXT, setHINFO, setCAA and the
 * RFC 3597 `\# len hex` form). Names are made absolute against the current origin. Types the engine's
 * message model does not hold structurally (CAA, generic `\#`) become RFC 3597 RAW data, which the
 * wire codec writes byte for byte.
 */
import type { RData } from "../../message.js";
import { formatIPv6, parseIPv6 } from "../../../net/index.js";
import { ZoneSyntaxError } from "./lexer.js";

/** A record type the model has no parser for (DNSSEC, SVCB/HTTPS, NAPTR, ...). */
export class ZoneTypeUnmodelled extends Error {
  constructor(
    readonly rrtype: string,
    readonly line: number,
  ) {
    super(`${rrtype} records in zone files are not modelled by the reference engine (line ${line})`);
    this.name = "ZoneTypeUnmodelled";
  }
}

/** miekg toAbsoluteName: `@` is the origin, a name without a final dot is relative to it. */
export function absoluteName(name: string, origin: string): string {
  if (name === "@") return origin;
  if (name.endsWith(".") && !name.endsWith("\\.")) return name;
  return origin === "." ? `${name}.` : `${name}.${origin}`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** net.ParseIP's IPv6 text, printed as Go prints it (RFC 5952). */
function ipv6(text: string): string | undefined {
  const v = text.includes(":") ? parseIPv6(text) : undefined;
  return v === undefined ? undefined : formatIPv6(v);
}

function u16(f: string | undefined, what: string, line: number): number {
  if (f === undefined || !/^\d+$/.test(f) || Number(f) > 65535)
    throw new ZoneSyntaxError(`bad ${what}`, line);
  return Number(f);
}

/** miekg stringToTTL: seconds, or a sum of `<n>[smhdw]` parts (`1h30m`); at most 2^32-1. */
export function ttlValue(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) > 0xffffffff ? undefined : Number(text);
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  const re = /(\d+)([smhdwSMHDW])/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * unit[m[2]!.toLowerCase()]!;
    at = re.lastIndex;
  }
  return at === text.length && at > 0 && total <= 0xffffffff ? total : undefined;
}

/** A quoted or bare character-string with its escapes resolved (`\"`, `\\`, `\DDD`). */
export function characterString(field: string): string {
  const body = field.startsWith('"') && field.endsWith('"') && field.length >= 2 ? field.slice(1, -1) : field;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\" && /^\d{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(Number(body.slice(i + 1, i + 4)) & 0xff);
      i += 3;
    } else if (c === "\\" && i + 1 < body.length) bytes.push(...enc.encode(body[++i]!));
    else bytes.push(...enc.encode(c));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const hex = (b: number[]) => Buffer.from(b).toString("hex");

/** RFC 3597 text of bytes: `\# len hex`. */
function raw(rrtype: string, bytes: number[]): RData {
  return { type: "RAW", rrtype, text: bytes.length ? `\\# ${bytes.length} ${hex(bytes)}` : "\\# 0" };
}

/** setCAA: flags, tag, value (quoted or bare) as RFC 8659 §4.1 lays them out. */
function caa(f: string[], line: number): RData {
  const flags = u16(f[0], "CAA Flag", line);
  const tag = f[1];
  if (flags > 255 || !tag || !/^[a-zA-Z0-9]+$/.test(tag)) throw new ZoneSyntaxError("bad CAA Tag", line);
  if (f.length !== 3) throw new ZoneSyntaxError("bad CAA Value", line);
  const value = [...new TextEncoder().encode(characterString(f[2]!))];
  return raw("CAA", [flags, tag.length, ...new TextEncoder().encode(tag), ...value]);
}

/** The rdata of one record of `type` from its fields. */
export function parseRData(type: string, f: string[], origin: string, line: number): RData {
  const name = (i: number, what: string) => {
    const v = f[i];
    if (v === undefined) throw new ZoneSyntaxError(`bad ${type} ${what}`, line);
    return absoluteName(v, origin);
  };
  const count = (n: number) => {
    if (f.length !== n)
      throw new ZoneSyntaxError(`bad ${type} ${f.length < n ? "" : "garbage after "}rdata`, line);
  };
  if (f[0] === "\\#") {
    const len = Number(f[1]);
    const bytes = f.slice(2).join("");
    if (!/^\d+$/.test(f[1] ?? "") || bytes.length !== len * 2 || !/^[0-9a-fA-F]*$/.test(bytes))
      throw new ZoneSyntaxError(`bad RFC 3597 rdata for ${type}`, line);
    return raw(type, [...Buffer.from(bytes, "hex")]);
  }
  switch (type) {
    case "A":
      count(1);
      if (!IPV4.test(f[0]!)) throw new ZoneSyntaxError(`bad A A: "${f[0]}"`, line);
      return { type, address: f[0]! };
    case "AAAA": {
      count(1);
      const a = ipv6(f[0]!);
      if (!a) throw new ZoneSyntaxError(`bad AAAA AAAA: "${f[0]}"`, line);
      return { type, address: a };
    }
    case "NS":
    case "CNAME":
    case "PTR":
    case "DNAME":
      count(1);
      return { type, target: name(0, type) };
    case "MX":
      count(2);
      return { type, preference: u16(f[0], "MX Pref", line), exchange: name(1, "Mx") };
    case "SRV":
      count(4);
      return {
        type,
        srv: {
          priority: u16(f[0], "SRV Priority", line),
          weight: u16(f[1], "SRV Weight", line),
          port: u16(f[2], "SRV Port", line),
          target: name(3, "Target"),
        },
      };
    case "SOA": {
      count(7);
      const n = f.slice(2).map((x, i) => {
        const v =
          i === 0 ? (/^\d+$/.test(x) && Number(x) <= 0xffffffff ? Number(x) : undefined) : ttlValue(x);
        if (v === undefined) throw new ZoneSyntaxError(`bad SOA zone parameter: "${x}"`, line);
        return v;
      });
      const [serial, refresh, retry, expire, minimum] = n as [number, number, number, number, number];
      return {
        type,
        soa: { mname: name(0, "Ns"), rname: name(1, "Mbox"), serial, refresh, retry, expire, minimum },
      };
    }
    case "TXT":
      if (!f.length) throw new ZoneSyntaxError("bad TXT Txt", line);
      return { type, strings: f.map(characterString) };
    case "HINFO":
      if (f.length < 2) throw new ZoneSyntaxError("bad HINFO Fields", line);
      return { type, cpu: characterString(f[0]!), os: characterString(f.slice(1).join(" ")) };
    case "CAA":
      return caa(f, line);
    default:
      throw new ZoneTypeUnmodelled(type, line);
  }
}
