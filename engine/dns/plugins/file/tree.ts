/**
 * plugin/file/tree: a zone's names in DNSSEC canonical order (RFC 4034 §6.1, tree/less.go `less`:
 * labels compared from the right, lower-cased, `\DDD` escapes as their byte), each with its records by
 * type (tree/elem.go). CoreDNS keeps a left-leaning red-black tree; a sorted array gives the same
 * Search / Next (ceil) / Prev (floor) / All answers.
 */
import type { ResourceRecord } from "../../message.js";
import { isSubdomain } from "../shared/index.js";

/** One owner name and its records, by type in insertion order (tree.Elem). */
export interface Elem {
  name: string;
  types: Map<string, ResourceRecord[]>;
}

const utf8 = new TextEncoder();

/** A label's bytes with `\DDD` and `\X` escapes resolved (less.go doDDD), lower-cased. */
function labelKey(label: string): number[] {
  const out: number[] = [];
  const l = label.toLowerCase();
  for (let i = 0; i < l.length; i++) {
    const c = l[i]!;
    const code = c.charCodeAt(0);
    if (c === "\\" && /^\d{3}$/.test(l.slice(i + 1, i + 4))) {
      out.push(Number(l.slice(i + 1, i + 4)) & 0xff);
      i += 3;
    } else if (code < 0x80) out.push(code);
    else out.push(...utf8.encode(c));
  }
  return out;
}

/** labelsFromRight results by name: a zone's inserts and lookups compare the same names again and again. */
const keyCache = new Map<string, number[][]>();
const KEY_CACHE_MAX = 100_000;

/** The labels of a name, rightmost first, splitting on unescaped dots. */
function labelsFromRight(name: string): number[][] {
  const hit = keyCache.get(name);
  if (hit) return hit;
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  const key = splitFromRight(name);
  keyCache.set(name, key);
  return key;
}

function splitFromRight(name: string): number[][] {
  const labels: string[] = [];
  let cur = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === "\\" && i + 1 < name.length) {
      cur += c + name[++i]!;
    } else if (c === ".") {
      if (cur) labels.push(cur);
      cur = "";
    } else cur += c;
  }
  if (cur) labels.push(cur);
  return labels.reverse().map(labelKey);
}

/** less.go less(a, b): <0, 0, >0 as a sorts before, with, or after b in canonical order. */
export function canonicalCompare(a: string, b: string): number {
  const la = labelsFromRight(a);
  const lb = labelsFromRight(b);
  for (let i = 0; ; i++) {
    const x = la[i];
    const y = lb[i];
    if (!x && !y) return 0;
    if (!x) return -1;
    if (!y) return 1;
    const n = Math.min(x.length, y.length);
    for (let j = 0; j < n; j++) if (x[j] !== y[j]) return x[j]! - y[j]!;
    if (x.length !== y.length) return x.length - y.length;
  }
}

/** The records of one zone in canonical name order (tree.Tree). */
export class Tree {
  private readonly elems: Elem[] = [];

  /** Index of the first element not before `name`. */
  private lowerBound(name: string): number {
    let lo = 0;
    let hi = this.elems.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (canonicalCompare(this.elems[mid]!.name, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** tree.Insert: the record joins its owner's element (created when new), after its type's others. */
  insert(rr: ResourceRecord): void {
    const i = this.lowerBound(rr.name);
    let e = this.elems[i];
    if (!e || canonicalCompare(e.name, rr.name) !== 0) {
      e = { name: rr.name, types: new Map() };
      this.elems.splice(i, 0, e);
    }
    const list = e.types.get(rr.type);
    if (list) list.push(rr);
    else e.types.set(rr.type, [rr]);
  }

  /** tree.Search: the element of exactly `name`. */
  search(name: string): Elem | undefined {
    const e = this.elems[this.lowerBound(name)];
    return e && canonicalCompare(e.name, name) === 0 ? e : undefined;
  }

  /** tree.Next: the smallest element at or after `name`. */
  next(name: string): Elem | undefined {
    return this.elems[this.lowerBound(name)];
  }

  /** tree.Prev: the greatest element at or before `name`. */
  prev(name: string): Elem | undefined {
    const i = this.lowerBound(name);
    const e = this.elems[i];
    if (e && canonicalCompare(e.name, name) === 0) return e;
    return i > 0 ? this.elems[i - 1] : undefined;
  }

  /** tree.All / Walk: every element in canonical order. */
  all(): readonly Elem[] {
    return this.elems;
  }

  /**
   * tree.Glue: the A then AAAA records of every NS target below its own NS owner (in-bailiwick glue),
   * NS record by NS record.
   */
  glue(nsrrs: readonly ResourceRecord[]): ResourceRecord[] {
    const out: ResourceRecord[] = [];
    for (const rr of nsrrs) {
      if (rr.data.type !== "NS" || !isSubdomain(rr.name, rr.data.target)) continue;
      const e = this.search(rr.data.target);
      if (!e) continue;
      out.push(...(e.types.get("A") ?? []), ...(e.types.get("AAAA") ?? []));
    }
    return out;
  }
}

/** tree.Elem.Type. */
export const typeOf = (e: Elem | undefined, type: string): ResourceRecord[] => e?.types.get(type) ?? [];

/** tree.Elem.All: every record of the element (Go ranges over a map: type order is not fixed). */
export const elemRecords = (e: Elem): ResourceRecord[] => [...e.types.values()].flat();
