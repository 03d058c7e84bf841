/** Go net.ParseIP-like checks used to classify msg.Service hosts (plugin/etcd/msg/service.go HostType). */

export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  // Go 1.17+ net.ParseIP rejects leading zeros.
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  if (!s.includes(":")) return false;
  let head = s;
  let v4Groups = 0;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIPv4(tail)) return false;
    head = s.slice(0, lastColon + 1) + "0:0";
    v4Groups = 0;
  }
  const dbl = head.split("::");
  if (dbl.length > 2) return false;
  const groups = (x: string) => (x === "" ? [] : x.split(":"));
  const left = groups(dbl[0]!);
  const right = dbl.length === 2 ? groups(dbl[1]!) : [];
  const all = [...left, ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const n = all.length + v4Groups;
  return dbl.length === 2 ? n < 8 : n === 8;
}

export type HostType = "A" | "AAAA" | "CNAME" | "TXT";

/** msg.Service.HostType: text-only entries are TXT, IPs by family, anything else a CNAME target. */
export function hostType(host: string, text?: string): HostType {
  if (host === "" && text !== undefined) return "TXT";
  if (isIPv4(host)) return "A";
  if (isIPv6(host)) return "AAAA";
  return "CNAME";
}

/**
 * dnsutil.ExtractAddressFromReverse: the IP of a full-length in-addr.arpa / ip6.arpa name, or "" for
 * anything else (partial reverse names, forward names).
 */
export function extractAddressFromReverse(name: string): string {
  const n = name.toLowerCase();
  if (n.endsWith(".in-addr.arpa.")) {
    const labels = n.slice(0, -".in-addr.arpa.".length).split(".");
    if (labels.length !== 4) return "";
    const ip = labels.reverse().join(".");
    return isIPv4(ip) ? ip : "";
  }
  if (n.endsWith(".ip6.arpa.")) {
    const labels = n.slice(0, -".ip6.arpa.".length).split(".");
    if (labels.length !== 32 || !labels.every((l) => /^[0-9a-f]$/.test(l))) return "";
    const hex = labels.reverse().join("");
    const groups: string[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
    return canonicalIPv6(groups.join(":"));
  }
  return "";
}

/** Go net.IP.String() for IPv6 (RFC 5952: lower-case, leading zeros dropped, longest zero run as ::). */
export function canonicalIPv6(ip: string): string {
  const dbl = ip.split("::");
  const left = dbl[0] ? dbl[0].split(":") : [];
  const right = dbl.length === 2 && dbl[1] ? dbl[1].split(":") : [];
  const fill = dbl.length === 2 ? 8 - left.length - right.length : 0;
  const g = [...left, ...Array<string>(fill).fill("0"), ...right].map((x) => parseInt(x, 16));
  if (g.length !== 8 || g.some((x) => Number.isNaN(x))) return ip;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** dnsutil.IsReverse: the name sits under in-addr.arpa. or ip6.arpa. */
export function isReverse(name: string): boolean {
  const n = name.toLowerCase();
  return n.endsWith("in-addr.arpa.") || n.endsWith("ip6.arpa.");
}
