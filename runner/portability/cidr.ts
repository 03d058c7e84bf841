/**
 * Whether an address lies in a CIDR, IPv4 and IPv6 alike (the runner does not reach engine/net; this
 * is the same prefix comparison, on the address as a number).
 */
function toBig(ip: string): { v6: boolean; n: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split(".").map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, n: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n) };
  }
  if (!ip.includes(":") || !/^[0-9a-fA-F:]+$/.test(ip)) return undefined;
  const [head, tail] = ip.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  if (ip.split("::").length > 2 || (tail === undefined && h.length !== 8) || h.length + t.length > 8)
    return undefined;
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return { v6: true, n: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || "0", 16)), 0n) };
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = toBig(ip);
  const b = base === undefined ? undefined : toBig(base);
  if (!a || !b || a.v6 !== b.v6) return false;
  const width = a.v6 ? 128n : 32n;
  const prefix = BigInt(bits ?? (a.v6 ? "128" : "32"));
  const shift = width - prefix;
  return a.n >> shift === b.n >> shift;
}
