/**
 * Reverse zones for a CIDR written as a zone (server block key or plugin zone argument), after CoreDNS
 * plugin/normalize.go and plugin/pkg/cidr: the network is split on the reverse-name boundary (8 bits
 * for IPv4, 4 for IPv6) and each part becomes the reverse zone of its enclosing labels, e.g.
 * `10.0.0.0/24` → `0.0.10.in-addr.arpa.`, `10.0.0.0/23` → `0.0.10.in-addr.arpa.` + `1.0.10.in-addr.arpa.`.
 */

function expandV6(ip: string): number[] | undefined {
  const dbl = ip.split("::");
  if (dbl.length > 2) return undefined;
  const side = (s: string | undefined) => (s ? s.split(":") : []);
  const left = side(dbl[0]);
  const right = side(dbl[1]);
  const fill = dbl.length === 2 ? 8 - left.length - right.length : 0;
  if (fill < 0) return undefined;
  const groups = [...left, ...Array<string>(fill).fill("0"), ...right];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const nibbles: number[] = [];
  for (const g of groups) {
    const v = parseInt(g, 16);
    for (let s = 12; s >= 0; s -= 4) nibbles.push((v >> s) & 0xf);
  }
  return nibbles;
}

/** The reverse zones for `cidr`, or undefined when it is not a CIDR. */
export function reverseZonesForCidr(cidr: string): string[] | undefined {
  const slash = cidr.indexOf("/");
  if (slash < 0) return undefined;
  const ip = cidr.slice(0, slash);
  const lenText = cidr.slice(slash + 1);
  if (!/^\d+$/.test(lenText)) return undefined;
  const ones = Number(lenText);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  // Each address as a list of digits of `width` bits (octets or nibbles).
  let digits: number[];
  let width: number;
  let suffix: string;
  if (v4) {
    digits = v4.slice(1).map(Number);
    if (digits.some((d) => d > 255) || ones > 32) return undefined;
    width = 8;
    suffix = "in-addr.arpa.";
  } else {
    const n = expandV6(ip);
    if (!n || ones > 128) return undefined;
    digits = n;
    width = 4;
    suffix = "ip6.arpa.";
  }
  const bits = digits.length * width;
  const toBig = (ds: number[]) => ds.reduce((acc, d) => (acc << BigInt(width)) | BigInt(d), 0n);
  const mask = ones === 0 ? 0n : ((1n << BigInt(ones)) - 1n) << BigInt(bits - ones);
  const network = toBig(digits) & mask;
  const newLen = Math.ceil(ones / width) * width;
  const count = 1 << (newLen - ones);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const net = network + (BigInt(i) << BigInt(bits - newLen));
    const labels: number[] = [];
    for (let k = 0; k < newLen / width; k++) {
      labels.push(Number((net >> BigInt(bits - (k + 1) * width)) & ((1n << BigInt(width)) - 1n)));
    }
    const text = labels.reverse().map((d) => (width === 4 ? d.toString(16) : String(d)));
    out.push(text.length ? `${text.join(".")}.${suffix}` : suffix);
  }
  return out;
}
