/** Reverse-lookup names (`in-addr.arpa` / `ip6.arpa`, RFC 1035 §3.5 and RFC 3596 §2.5), both ways. */
import { formatIPv4, formatIPv6, parseIp } from "./ip.js";

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa.`; IPv6 → 32 reversed nibbles under `ip6.arpa.`. */
export function reverseName(ipText: string): string | undefined {
  const ip = parseIp(ipText);
  if (!ip) return undefined;
  if (ip.family === 4) return `${formatIPv4(ip.value).split(".").reverse().join(".")}.in-addr.arpa.`;
  const hex = ip.value.toString(16).padStart(32, "0");
  return `${hex.split("").reverse().join(".")}.ip6.arpa.`;
}

/** The address a full reverse name stands for (case-insensitive, trailing dot optional); undefined for partial names. */
export function ipFromReverse(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n.endsWith(".in-addr.arpa")) {
    const parts = n.slice(0, -".in-addr.arpa".length).split(".");
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256))
      return undefined;
    return parts.reverse().join(".");
  }
  if (n.endsWith(".ip6.arpa")) {
    const parts = n.slice(0, -".ip6.arpa".length).split(".");
    if (parts.length !== 32 || !parts.every((p) => /^[0-9a-f]$/.test(p))) return undefined;
    return formatIPv6(BigInt(`0x${parts.reverse().join("")}`));
  }
  return undefined;
}
