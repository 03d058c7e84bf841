/**
 * Hosts data (plugin/hosts/hostsfile.go parse): `IP name...` lines, `#` comments, names lower-cased
 * and made fully qualified, invalid IPs skipped. Reverse entries are built unless `no_reverse`.
 */
import { matchZone, normalizeZone } from "../shared/index.js";

export interface HostsData {
  v4: Map<string, string[]>;
  v6: Map<string, string[]>;
  /** IP (canonical text) → names, for PTR. */
  byAddr: Map<string, string[]>;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function expandV6(ip: string): string | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(ip) || !ip.includes(":")) return undefined;
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(Math.max(fill, 0)).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16)).join(":");
}

/** `{ family, key }` for a valid IP, key being the canonical form used for reverse lookups. */
export function parseIp(ip: string): { family: 4 | 6; key: string; text: string } | undefined {
  // net.ParseIP(...).To4(): an IPv4-mapped IPv6 address (::ffff:10.0.0.2) is an IPv4 address.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return parseIp(mapped[1]!);
  const m = V4.exec(ip);
  if (m) {
    if (!m.slice(1).every((x) => Number(x) <= 255)) return undefined;
    const key = m.slice(1).map(Number).join(".");
    return { family: 4, key, text: key };
  }
  const v6 = expandV6(ip.split("%")[0]!);
  return v6 ? { family: 6, key: v6, text: ip.split("%")[0]! } : undefined;
}

export function emptyHosts(): HostsData {
  return { v4: new Map(), v6: new Map(), byAddr: new Map() };
}

function push(map: Map<string, string[]>, k: string, v: string): void {
  const l = map.get(k) ?? [];
  if (!l.includes(v)) l.push(v);
  map.set(k, l);
}

/** Adds `IP name...` lines; names outside `origins` are discarded (hostsfile.go: "name is not in Origins"). */
export function addHostsLines(
  data: HostsData,
  text: string,
  reverse: boolean,
  origins: readonly string[],
): void {
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [ipText, ...names] = line.split(/\s+/);
    const ip = parseIp(ipText!);
    if (!ip || !names.length) continue;
    for (const n of names) {
      const name = normalizeZone(n);
      if (!matchZone(origins, name)) continue;
      push(ip.family === 4 ? data.v4 : data.v6, name, ip.text);
      // Wildcard entries never produce PTR records (dns-behaviour.md §11.7).
      if (reverse && !name.startsWith("*.")) push(data.byAddr, ip.key, name);
    }
  }
}

/** Reverse name (`4.3.2.1.in-addr.arpa.` or nibble ip6.arpa) → canonical IP key, or undefined. */
export function addressFromReverse(qname: string): string | undefined {
  const n = qname.toLowerCase();
  if (n.endsWith(".in-addr.arpa.")) {
    const parts = n.slice(0, -".in-addr.arpa.".length).split(".");
    if (parts.length !== 4) return undefined;
    return parseIp(parts.reverse().join("."))?.key;
  }
  if (n.endsWith(".ip6.arpa.")) {
    const nibbles = n.slice(0, -".ip6.arpa.".length).split(".");
    if (nibbles.length !== 32 || nibbles.some((x) => !/^[0-9a-f]$/.test(x))) return undefined;
    const hex = nibbles.reverse().join("");
    const groups = hex.match(/.{4}/g)!;
    return parseIp(groups.join(":"))?.key;
  }
  return undefined;
}
