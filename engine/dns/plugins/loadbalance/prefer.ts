/** `loadbalance prefer CIDR...`: addresses inside the subnets move first, stable otherwise (README). */
import type { ResourceRecord } from "../../message.js";

export interface Cidr {
  v6: boolean;
  bits: bigint;
  prefix: number;
}

function v4Bits(ip: string): bigint | undefined {
  const p = ip.split(".");
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return undefined;
  return p.reduce((n, x) => (n << 8n) | BigInt(Number(x)), 0n);
}

function v6Bits(ip: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(ip)) return undefined;
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => !g || g.length > 4)) return undefined;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, len] = text.split("/");
  if (!ip || len === undefined || !/^\d+$/.test(len)) return undefined;
  const v6 = ip.includes(":");
  const bits = v6 ? v6Bits(ip) : v4Bits(ip);
  const prefix = Number(len);
  if (bits === undefined || prefix > (v6 ? 128 : 32)) return undefined;
  return { v6, bits, prefix };
}

function contains(c: Cidr, ip: string): boolean {
  const v6 = ip.includes(":");
  if (v6 !== c.v6) return false;
  const bits = v6 ? v6Bits(ip) : v4Bits(ip);
  if (bits === undefined) return false;
  const width = BigInt(v6 ? 128 : 32);
  const shift = width - BigInt(c.prefix);
  return bits >> shift === c.bits >> shift;
}

export function preferSubnets(rrs: ResourceRecord[], cidrs: Cidr[]): ResourceRecord[] {
  const inSubnet = (r: ResourceRecord) =>
    (r.data.type === "A" || r.data.type === "AAAA") &&
    cidrs.some((c) => contains(c, (r.data as { address: string }).address));
  return [...rrs.filter(inSubnet), ...rrs.filter((r) => !inSubnet(r))];
}
