/** Presentation rdata (as written in a scenario's upstream world) → structured RData. */
import type { RData } from "../../message.js";
import { toFqdn } from "../../wire/index.js";

/** Splits `"a b" c` into [`a b`, `c`] (zone-file character-strings). */
function strings(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
  return out;
}

function nums(parts: string[], n: number, type: string, text: string): number[] {
  const out = parts.slice(0, n).map(Number);
  if (parts.length < n || out.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new Error(`bad ${type} rdata ${JSON.stringify(text)}`);
  }
  return out;
}

export function parseRData(type: string, text: string): RData {
  const t = type.toUpperCase();
  const parts = text.trim().split(/\s+/);
  switch (t) {
    case "A":
    case "AAAA":
      return { type: t, address: text.trim() };
    case "CNAME":
    case "PTR":
    case "NS":
      return { type: t, target: toFqdn(text.trim()) };
    case "MX": {
      const [preference] = nums(parts, 1, t, text);
      if (!parts[1]) throw new Error(`bad MX rdata ${JSON.stringify(text)}`);
      return { type: "MX", preference: preference!, exchange: toFqdn(parts[1]) };
    }
    case "SRV": {
      const [priority, weight, port] = nums(parts, 3, t, text);
      if (!parts[3]) throw new Error(`bad SRV rdata ${JSON.stringify(text)}`);
      return {
        type: "SRV",
        srv: { priority: priority!, weight: weight!, port: port!, target: toFqdn(parts[3]) },
      };
    }
    case "SOA": {
      if (parts.length !== 7) throw new Error(`bad SOA rdata ${JSON.stringify(text)}`);
      const [serial, refresh, retry, expire, minimum] = nums(parts.slice(2), 5, t, text);
      return {
        type: "SOA",
        soa: {
          mname: toFqdn(parts[0]!),
          rname: toFqdn(parts[1]!),
          serial: serial!,
          refresh: refresh!,
          retry: retry!,
          expire: expire!,
          minimum: minimum!,
        },
      };
    }
    case "TXT":
      return { type: "TXT", strings: strings(text) };
    case "HINFO": {
      const s = strings(text);
      return { type: "HINFO", cpu: s[0] ?? "", os: s[1] ?? "" };
    }
    default:
      if (!text.trim().startsWith("\\#")) {
        throw new Error(
          `upstream ${t} rdata must use RFC 3597 generic syntax "\\# <len> <hex>", got ${JSON.stringify(text)}`,
        );
      }
      return { type: "RAW", rrtype: t, text: text.trim() };
  }
}
