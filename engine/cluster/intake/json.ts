/**
 * Reading and writing decoded API objects (plain JSON) with Go's zero-value semantics: a missing
 * string reads as "", a missing number as 0, a missing list as empty — what the typed Go structs
 * the upstream validation works on would hold after decoding.
 */
import type { Json } from "./decode/yaml-json.js";

export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(o: JsonObject | undefined, k: string): string {
  const v = o?.[k];
  return typeof v === "string" ? v : "";
}

/** A *string field: undefined when absent or null. */
export function optStr(o: JsonObject | undefined, k: string): string | undefined {
  const v = o?.[k];
  return typeof v === "string" ? v : undefined;
}

export function num(o: JsonObject | undefined, k: string): number {
  const v = o?.[k];
  return typeof v === "number" ? v : 0;
}

/** A *int field: undefined when absent or null. */
export function optNum(o: JsonObject | undefined, k: string): number | undefined {
  const v = o?.[k];
  return typeof v === "number" ? v : undefined;
}

export function bool(o: JsonObject | undefined, k: string): boolean {
  return o?.[k] === true;
}

export function optBool(o: JsonObject | undefined, k: string): boolean | undefined {
  const v = o?.[k];
  return typeof v === "boolean" ? v : undefined;
}

export function obj(o: JsonObject | undefined, k: string): JsonObject {
  const v = o?.[k];
  return isObject(v) ? v : {};
}

/** A pointer-to-struct field: undefined when absent or null. */
export function optObj(o: JsonObject | undefined, k: string): JsonObject | undefined {
  const v = o?.[k];
  return isObject(v) ? v : undefined;
}

export function arr(o: JsonObject | undefined, k: string): Json[] {
  const v = o?.[k];
  return Array.isArray(v) ? v : [];
}

export function objs(o: JsonObject | undefined, k: string): JsonObject[] {
  return arr(o, k).map((x) => (isObject(x) ? x : {}));
}

export function strs(o: JsonObject | undefined, k: string): string[] {
  return arr(o, k).map((x) => (typeof x === "string" ? x : ""));
}

/** A map[string]string field. */
export function strMap(o: JsonObject | undefined, k: string): Record<string, string> {
  const v = o?.[k];
  if (!isObject(v)) return {};
  const out: Record<string, string> = {};
  for (const [key, val] of Object.entries(v)) out[key] = typeof val === "string" ? val : "";
  return out;
}

/**
 * `strMap`, without the copy when the map is already one of strings only (an admitted object's
 * labels and annotations, which the slim model then shares: neither side is changed in place).
 */
export function sharedStrMap(o: JsonObject | undefined, k: string): Record<string, string> {
  const v = o?.[k];
  if (!isObject(v) || Object.hasOwn(v, "__proto__")) return strMap(o, k);
  for (const key in v) if (Object.hasOwn(v, key) && typeof v[key] !== "string") return strMap(o, k);
  return v as Record<string, string>;
}

/** True when the field is present and not null (a non-nil pointer, slice or map in Go). */
export function has(o: JsonObject | undefined, k: string): boolean {
  return o !== undefined && o[k] !== undefined && o[k] !== null;
}

/** Sets a field when it reads as its zero value (SetDefaults_* `if x == "" { x = ... }`). */
export function defaultStr(o: JsonObject, k: string, value: string): void {
  if (str(o, k) === "") o[k] = value;
}

export function defaultNum(o: JsonObject, k: string, value: number): void {
  if (!has(o, k)) o[k] = value;
}

/** Ensures an object field exists and returns it. */
export function ensureObj(o: JsonObject, k: string): JsonObject {
  const v = o[k];
  if (isObject(v)) return v;
  const fresh: JsonObject = {};
  o[k] = fresh;
  return fresh;
}

/**
 * A deep copy, the same as `JSON.parse(JSON.stringify(v))` (undefined members dropped, undefined
 * array items and non-finite numbers as null, -0 as 0) without writing and reading the text.
 */
export function clone<T extends Json>(v: T): T {
  return copyJson(v) as T;
}

function copyJson(v: unknown): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? v + 0 : null;
    case "object":
      break;
    default:
      return JSON.parse(JSON.stringify(v) as string);
  }
  if (v === null) return null;
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") return JSON.parse(JSON.stringify(v));
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x === undefined || typeof x === "function" || typeof x === "symbol" ? null : copyJson(x);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
    if (k === "__proto__")
      Object.defineProperty(out, k, {
        value: copyJson(x),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = copyJson(x);
  }
  return out;
}

/** Deep equality of JSON values (apiequality.Semantic.DeepEqual on decoded objects). */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(sortKeys(a ?? null)) === JSON.stringify(sortKeys(b ?? null));
}

export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]!);
    return out;
  }
  return v;
}
