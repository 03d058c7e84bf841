/**
 * A custom object against a structural openAPIV3Schema, as apiextensions-apiserver validates it:
 * kube-openapi's validators (pkg/validation/validate: type, enum, minimum/maximum, maxLength,
 * pattern, minItems/maxItems, minProperties/maxProperties, required), their errors converted to field
 * errors the way apiextensions' validation.go kubeOpenAPIResultToFieldErrors converts them:
 * Required → `Required value`, Enum → `Unsupported value`, maxLength → field.TooLongMaxLength,
 * maxItems/maxProperties → field.TooMany, everything else → `Invalid value` with kube-openapi's
 * sentence (`spec.priority in body should be less than or equal to 1000`). Structural defaulting
 * (apiextensions-apiserver pkg/apiserver/schema/defaulting) fills `default`s before validation.
 */
import type { Json } from "../decode/yaml-json.js";
import { fe, type FieldError } from "../field-errors.js";
import { isObject, type JsonObject } from "../json.js";

/** The subset of openAPIV3Schema that structural CRD schemas use and this validator reads. */
export interface OpenApiSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  default?: Json;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
}

function typeOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const child = (path: string, k: string) => (path ? `${path}.${k}` : k);

/** Structural defaulting: fills absent properties that have a `default`, depth first. */
export function applyDefaults(v: Json, s: OpenApiSchema): void {
  if (Array.isArray(v)) {
    if (s.items) for (const x of v) applyDefaults(x, s.items);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, ps] of Object.entries(s.properties ?? {})) {
    if (!(k in v) && ps.default !== undefined) v[k] = structuredClone(ps.default);
    if (k in v) applyDefaults(v[k]!, ps);
  }
}

function validateScalar(v: Json, s: OpenApiSchema, path: string, out: FieldError[]): void {
  if (typeof v === "number") {
    if (s.minimum !== undefined && v < s.minimum)
      out.push(fe.invalid(path, v, `${path} in body should be greater than or equal to ${s.minimum}`));
    if (s.maximum !== undefined && v > s.maximum)
      out.push(fe.invalid(path, v, `${path} in body should be less than or equal to ${s.maximum}`));
  }
  if (typeof v === "string") {
    // kube-openapi counts characters (utf8.RuneCountInString), not bytes.
    if (s.maxLength !== undefined && [...v].length > s.maxLength)
      out.push(fe.tooLongMaxLength(path, v, s.maxLength));
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(v))
      out.push(fe.invalid(path, v, `${path} in body should match '${s.pattern}'`));
  }
  if (s.enum && !s.enum.includes(v as string)) out.push(fe.notSupported(path, v, s.enum));
}

/** Every schema violation of `v` at `path` (the object root is ""). */
export function validateOpenApi(v: Json, s: OpenApiSchema, path = ""): FieldError[] {
  const out: FieldError[] = [];
  walk(v, s, path, out);
  return out;
}

function walk(v: Json, s: OpenApiSchema, path: string, out: FieldError[]): void {
  if (v === null) return;
  const actual = typeOf(v);
  if (s.type && !(s.type === actual || (s.type === "number" && actual === "integer"))) {
    // field.TypeInvalid: `<path>: Invalid value: "string": <path> in body must be of type integer: "string"`.
    out.push(
      fe.invalid(path, actual, `${path} in body must be of type ${s.type}: ${JSON.stringify(actual)}`),
    );
    return;
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems)
      out.push(fe.invalid(path, v.length, `${path} in body should have at least ${s.minItems} items`));
    if (s.maxItems !== undefined && v.length > s.maxItems) out.push(fe.tooMany(path, v.length, s.maxItems));
    if (s.items) v.forEach((x, i) => walk(x, s.items!, `${path}[${i}]`, out));
    return;
  }
  if (isObject(v)) {
    validateObject(v, s, path, out);
    return;
  }
  validateScalar(v, s, path, out);
}

function validateObject(v: JsonObject, s: OpenApiSchema, path: string, out: FieldError[]): void {
  const n = Object.keys(v).length;
  if (s.minProperties !== undefined && n < s.minProperties)
    out.push(fe.invalid(path, n, `${path} in body should have at least ${s.minProperties} properties`));
  if (s.maxProperties !== undefined && n > s.maxProperties) out.push(fe.tooMany(path, n, s.maxProperties));
  for (const r of s.required ?? []) if (!(r in v)) out.push(fe.required(child(path, r)));
  for (const [k, x] of Object.entries(v)) {
    const ps = s.properties?.[k] ?? s.additionalProperties;
    if (ps) walk(x, ps, child(path, k), out);
  }
}
