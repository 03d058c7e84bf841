/** Comparisons and printing shared by the judges. */
import type { RecordObs } from "../observation.js";
import type { Item } from "./subject.js";

export function compareScalar(op: string, actual: string | number, want: string | number): boolean {
  const a = Number(actual),
    w = Number(want);
  const numeric = !Number.isNaN(a) && !Number.isNaN(w) && String(actual) !== "" && String(want) !== "";
  switch (op) {
    case "==":
    case "is":
      return numeric ? a === w : String(actual) === String(want);
    case "!=":
      return numeric ? a !== w : String(actual) !== String(want);
    case "<":
      return numeric && a < w;
    case "<=":
      return numeric && a <= w;
    case ">":
      return numeric && a > w;
    case ">=":
      return numeric && a >= w;
    default:
      throw new Error(`operator "${op}" does not apply to a single value`);
  }
}

/** DNS names compare case-insensitively, with or without the trailing dot. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, "") === b.toLowerCase().replace(/\.$/, "");
}
export function sameData(a: string, b: string): boolean {
  return a === b || sameName(a, b);
}
export function isRecord(i: Item): i is RecordObs {
  return typeof i === "object" && i !== null && "data" in i && "ttl" in i && "type" in i;
}
export function isObj(i: Item): i is Record<string, unknown> {
  return typeof i === "object" && i !== null;
}
export function showPlain(i: Item): string {
  return isRecord(i) ? i.data : isObj(i) ? JSON.stringify(i) : String(i);
}
export function showItem(i: Item): string {
  if (isRecord(i)) return `${i.name} ${i.ttl} ${i.type} ${i.data}`;
  if (isObj(i) && "hop" in i) return [i.hop, ...((i.args as string[]) ?? [])].join(" ");
  if (isObj(i) && "rcode" in i) return `${i.type} ${i.name} ${i.rcode}`;
  return showPlain(i);
}
export function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * A record field (`ttl`, SRV `weight`/`port`/`target`, MX `priority`, SOA `serial`/`minimum`/…) or an
 * object's property.
 */
export function fieldOf(item: Item, field: string): string | undefined {
  if (isRecord(item)) {
    const parts = item.data.split(" ");
    const byType: Record<string, Record<string, number>> = {
      SRV: { priority: 0, weight: 1, port: 2, target: 3 },
      MX: { priority: 0, target: 1 },
      // RFC 1035 §3.3.13 rdata order, as dig prints it.
      SOA: { mname: 0, rname: 1, serial: 2, refresh: 3, retry: 4, expire: 5, minimum: 6 },
    };
    if (field === "name" || field === "type" || field === "data") return item[field];
    if (field === "ttl") return String(item.ttl);
    if (field === "address" && (item.type === "A" || item.type === "AAAA")) return item.data;
    const idx = byType[item.type]?.[field];
    if (idx !== undefined) return parts[idx];
    if (field === "target" && (item.type === "CNAME" || item.type === "PTR" || item.type === "NS"))
      return item.data;
    return undefined;
  }
  if (isObj(item)) return item[field] === undefined ? undefined : String(item[field]);
  return undefined;
}
