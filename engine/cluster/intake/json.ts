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

export function clone<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
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
