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

/** json.ts isObject (what `obj()` reads as an object), restated: json.ts imports nothing from here. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `orderedKeys` of `o` with `extra` among them (the keys of `{ ...o, [extra]: x }`). */
function orderedKeysWith(o: object, extra: string): string[] {
  return Object.hasOwn(o, extra) ? orderedKeys(o) : orderedKeys({ ...o, [extra]: true });
}

/**
 * `sortedJson({ ...body, metadata: { ...meta, annotations: annotationsWithout(drop) } }) + "\n"`
 * (meta the body's metadata object or {}, the annotations its object or {}; decoded JSON, so no
 * toJSON anywhere), written without those
 * copies and the dictionary-mode object a `delete` leaves: what kubectl's last-applied annotation
 * holds (client.ts lastApplied). One flat string, the line break included (appending it would make a
 * concatenation every stored object keeps).
 */
export function sortedJsonLastApplied(body: JsonRecord, drop: string): string {
  const metaIn = body.metadata;
  const meta = isPlainObject(metaIn) ? metaIn : {};
  const annIn = meta.annotations;
  const annotations = isPlainObject(annIn) ? annIn : {};
  const out: string[] = ["{"];
  let first = true;
  for (const k of orderedKeysWith(body, "metadata")) {
    const mark = out.length;
    out.push(first ? "" : ",", quote(k), ":");
    if (k !== "metadata") {
      if (write(body[k], out)) first = false;
      else out.length = mark;
      continue;
    }
    first = false;
    out.push("{");
    let firstMeta = true;
    for (const mk of orderedKeysWith(meta, "annotations")) {
      const m = out.length;
      out.push(firstMeta ? "" : ",", quote(mk), ":");
      if (mk === "annotations") {
        firstMeta = false;
        out.push("{");
        let firstAnn = true;
        for (const ak of orderedKeys(annotations)) {
          if (ak === drop) continue;
          const a = out.length;
          out.push(firstAnn ? "" : ",", quote(ak), ":");
          if (write(annotations[ak], out)) firstAnn = false;
          else out.length = a;
        }
        out.push("}");
      } else if (write(meta[mk], out)) firstMeta = false;
      else out.length = m;
    }
    out.push("}");
  }
  out.push("}\n");
  return out.join("");
}

type JsonRecord = Record<string, unknown>;

/**
 * The JSON text of `v` with object keys sorted (see the module comment for the exact order), as one
 * flat string: joined once from its pieces, not concatenated piece by piece, since the text is kept
 * in every stored object and a concatenation tree holds every piece alive with it.
 */
export function sortedJson(v: Json): string {
  const out: string[] = [];
  return write(v, out) ? out.join("") : "null";
}
