/**
 * The JSON text of a value with every object's keys in sorted order, written in one pass: what
 * kubectl's last-applied-configuration annotation holds (k8s.io/kubectl/pkg/util/apply.go
 * GetModifiedConfiguration marshals the object with encoding/json, which sorts map keys). It is
 * exactly `JSON.stringify` of a copy rebuilt with sorted keys (the form this replaced, kept in
 * sorted-json.test.ts as the reference), including JavaScript's placement of array-index keys
 * ("0", "12") first in numeric order, without building that copy.
 */
import type { Json } from "./decode/yaml-json.js";
import { sortKeysInPlace } from "./sorted-keys.js";

/** Characters JSON.stringify escapes in a string (quotes, backslash, controls, surrogates). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** An array index as property order knows it: a canonical integer below 2^32 - 1. */
function isIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  return (k === "0" || (c !== 48 && /^\d+$/.test(k))) && Number(k) < 4294967295;
}

/** Own keys in the order a sorted rebuild would enumerate them: indexes first (numeric), then sorted. */
function orderedKeys(v: object): string[] {
  const keys = Object.keys(v);
  // Object.keys already lists index keys first, ascending; only the rest needs sorting.
  let p = 0;
  while (p < keys.length && isIndex(keys[p]!)) p++;
  if (p === 0) return sortKeysInPlace(keys);
  return [...keys.slice(0, p), ...sortKeysInPlace(keys.slice(p))];
}

/**
 * Appends `JSON.stringify(v)` with sorted keys to `out`; false (nothing appended) where
 * JSON.stringify gives undefined.
 */
function write(v: unknown, out: string[]): boolean {
  switch (typeof v) {
    case "string":
      out.push(quote(v));
      return true;
    case "number":
      out.push(Number.isFinite(v) ? String(v) : "null");
      return true;
    case "boolean":
      out.push(v ? "true" : "false");
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (v === null) {
    out.push("null");
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
    const text = JSON.stringify(v) as string | undefined;
    return text !== undefined && write(JSON.parse(text) as unknown, out);
  }
  if (Array.isArray(v)) {
    out.push("[");
    for (let i = 0; i < v.length; i++) {
      if (i) out.push(",");
      if (!write(v[i], out)) out.push("null");
    }
    out.push("]");
    return true;
  }
  const o = v as Record<string, unknown>;
  out.push("{");
  let first = true;
  for (const k of orderedKeys(o)) {
    const mark = out.length;
    out.push(first ? "" : ",", quote(k), ":");
    if (write(o[k], out)) first = false;
    else out.length = mark;
  }
  out.push("}");
  return true;
}

/**
 * The JSON text of `v` with object keys sorted (see the module comment for the exact order), as one
 * flat string: joined once from its pieces, not concatenated piece by piece, since the text is kept
 * in every stored object and a concatenation tree holds every piece alive with it.
 */
export function sortedJson(v: Json): string {
  const out: string[] = [];
  return write(v, out) ? out.join("") : "null";
}
