/**
 * Names made from an address, for `dashed-ip(...)` and `reverse-name(...)`: the runner derives them
 * from the `ip(...)` a target resolved, so every target gives the same name for the same address.
 */

/** `10.244.1.9` → `10-244-1-9`; IPv6 `:` → `-` (CoreDNS plugin/kubernetes endpointHostname, pod names). */
export function dashedIp(ip: string): string {
  return ip.includes(":") ? ip.replace(/:/g, "-") : ip.replace(/\./g, "-");
}

/** The 32 hex nibbles of an IPv6 address (`::` expanded), or undefined when it is not one. */
function nibbles(ip: string): string | undefined {
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...Array<string>(fill).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.map((g) => g.toLowerCase().padStart(4, "0")).join("");
}

/** `10.244.1.9` → `9.1.244.10.in-addr.arpa.`; IPv6 → reversed nibbles under `ip6.arpa.` (RFC 3596 §2.5). */
export function reverseName(ip: string): string | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return `${ip.split(".").reverse().join(".")}.in-addr.arpa.`;
  const hex = nibbles(ip);
  return hex === undefined ? undefined : `${hex.split("").reverse().join(".")}.ip6.arpa.`;
}
