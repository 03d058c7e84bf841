/**
 * The API server's decoding of a JSON object into its Go type with strict field validation
 * (apimachinery runtime/serializer/json, sigs.k8s.io/json UnmarshalStrict, what kubectl's default
 * `--validate=strict` asks for): unknown fields are collected (`unknown field "spec.selctor"`), and a
 * value of the wrong JSON type is an encoding/json UnmarshalTypeError (`json: cannot unmarshal
 * string into Go struct field ServicePort.spec.ports.port of type int32`). The first type error wins
 * over unknown fields, as the serializer returns it first. Objects are walked in the order kubectl
 * sends them: keys sorted, because kubectl marshals the YAML's map.
 */
import { goCompare } from "../field-errors.js";
import { goStructName, goTypeName, parseType, structFields, type FieldType } from "../schema/schema.js";
import type { Json, Segment } from "./yaml-json.js";

export interface DecodeProblem {
  message: string;
  /** Where it is (JSON path segments). */
  path: Segment[];
  /** For unknown fields: the known fields of that struct (for a did-you-mean). */
  known?: string[];
}

export interface StrictResult {
  /** The first type error, which stops decoding. */
  typeError?: DecodeProblem;
  /** Unknown fields, all of them. */
  unknown: DecodeProblem[];
}

interface Ctx {
  struct?: string;
  fields: string[];
}

const INT32 = [-2147483648, 2147483647] as const;
const INT64 = [-(2 ** 63), 2 ** 63] as const;

function jsonKind(v: Json): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  return Array.isArray(v) ? "array" : "object";
}

class Walker {
  readonly result: StrictResult = { unknown: [] };

  typeError(value: string, t: FieldType | string, ctx: Ctx, path: Segment[]): void {
    if (this.result.typeError) return;
    const type = typeof t === "string" ? t : goTypeName(t);
    const where =
      ctx.struct !== undefined && ctx.fields.length
        ? `Go struct field ${ctx.struct}.${ctx.fields.join(".")}`
        : "Go value";
    this.result.typeError = {
      message: `json: cannot unmarshal ${value} into ${where} of type ${type}`,
      path,
    };
  }

  other(message: string, path: Segment[]): void {
    if (!this.result.typeError) this.result.typeError = { message, path };
  }

  value(v: Json, t: FieldType, ctx: Ctx, path: Segment[]): void {
    if (v === null) return;
    switch (t.t) {
      case "struct":
        return this.struct(v, t, ctx, path);
      case "list":
        if (!Array.isArray(v)) return this.typeError(jsonKind(v), t, ctx, path);
        v.forEach((x, i) => this.value(x, t.of, ctx, [...path, i]));
        return;
      case "map":
        if (typeof v !== "object" || Array.isArray(v)) return this.typeError(jsonKind(v), t, ctx, path);
        for (const k of Object.keys(v).sort(goCompare)) {
          // A null map value does not survive decoding: the key is gone (as kube-apiserver returns it).
          if (v[k] === null) delete v[k];
          else this.value(v[k]!, t.of, ctx, [...path, k]);
        }
        return;
      default:
        return this.scalar(v, t, ctx, path);
    }
  }

  private struct(v: Json, t: { t: "struct"; def: string }, ctx: Ctx, path: Segment[]): void {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      return this.typeError(jsonKind(v), t, ctx, path);
    const fields = structFields(t.def) ?? {};
    const name = goStructName(t.def);
    for (const k of Object.keys(v).sort(goCompare)) {
      const code = fields[k];
      if (code === undefined) {
        this.result.unknown.push({
          message: `unknown field "${fieldPath([...path, k])}"`,
          path: [...path, k],
          known: Object.keys(fields),
        });
        continue;
      }
      this.value(v[k]!, parseType(code), { struct: name, fields: [...ctx.fields, k] }, [...path, k]);
    }
  }

  private scalar(v: Json, t: FieldType, ctx: Ctx, path: Segment[]): void {
    switch (t.t) {
      case "s":
        if (typeof v !== "string") this.typeError(jsonKind(v), t, ctx, path);
        return;
      case "b":
        if (typeof v !== "boolean") this.typeError(jsonKind(v), t, ctx, path);
        return;
      case "i32":
      case "i64":
      case "is":
        return this.integer(
          v,
          t.t === "i64" ? INT64 : INT32,
          t.t === "i64" ? "int64" : "int32",
          ctx,
          path,
          t.t === "is",
        );
      case "f":
        if (typeof v !== "number") this.typeError(jsonKind(v), t, ctx, path);
        return;
      case "y":
        if (typeof v !== "string") return this.typeError(jsonKind(v), t, ctx, path);
        return this.base64(v, path);
      case "t":
        if (typeof v !== "string") return this.typeError(jsonKind(v), "string", ctx, path);
        return this.time(v, path);
      case "q":
        if (typeof v === "object") return this.other(QUANTITY_ERROR, path);
        if (!QUANTITY.test(String(v))) this.other(QUANTITY_ERROR, path);
        return;
      default:
        return;
    }
  }

  /** Integers, and intstr.IntOrString (strings pass; anything else decodes into its int32). */
  private integer(
    v: Json,
    range: readonly [number, number],
    type: string,
    ctx: Ctx,
    path: Segment[],
    intstr: boolean,
  ): void {
    if (typeof v === "string") return intstr ? undefined : this.typeError("string", type, ctx, path);
    if (typeof v !== "number") return this.typeError(jsonKind(v), type, ctx, path);
    if (!Number.isInteger(v) || v < range[0] || v > range[1])
      this.typeError(`number ${goNumber(v)}`, type, ctx, path);
  }

  private base64(v: string, path: Segment[]): void {
    const bad = base64Error(v);
    if (bad !== undefined) this.other(`illegal base64 data at input byte ${bad}`, path);
  }

  private time(v: string, path: Segment[]): void {
    if (!RFC3339.test(v))
      this.other(
        `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`,
        path,
      );
  }
}

// resource.Quantity ErrFormatWrong (apimachinery/pkg/api/resource/quantity.go).
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** encoding/base64 StdEncoding.Decode's CorruptInputError offset, or undefined when valid. */
export function base64Error(s: string): number | undefined {
  const alphabet = /[A-Za-z0-9+/]/;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\r" || c === "\n") continue;
    if (c === "=") break;
    if (!alphabet.test(c)) return i;
  }
  const data = s.slice(0, i).replace(/[\r\n]/g, "");
  const pad = s.slice(i).replace(/[\r\n]/g, "");
  if (pad.length === 0) return data.length % 4 === 0 ? undefined : data.length - (data.length % 4);
  if (!/^=+$/.test(pad) || (data.length + pad.length) % 4 !== 0 || pad.length > 2 || data.length % 4 < 2)
    return i;
  return undefined;
}

/** How encoding/json prints a number literal it could not store (Go's float formatting). */
function goNumber(v: number): string {
  return String(v);
}

/** `["spec", "ports", 0, "protocl"]` → `spec.ports[0].protocl` (sigs.k8s.io/json's path form). */
export function fieldPath(path: Segment[]): string {
  let out = "";
  for (const s of path) out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** Decodes `value` as the definition `def` (`core.v1.Service`). */
export function strictDecode(value: Json, def: string): StrictResult {
  const w = new Walker();
  w.value(value, { t: "struct", def }, { fields: [] }, []);
  return w.result;
}

/**
 * kubectl's own first look at a manifest (k8s.io/cli-runtime resource mapper decoding apiVersion,
 * kind and metadata into a metadataOnlyObject): the first type error inside metadata.
 */
export function clientMetadataError(value: { [k: string]: Json }): DecodeProblem | undefined {
  const w = new Walker();
  if (value.metadata !== undefined && value.metadata !== null) {
    if (typeof value.metadata !== "object" || Array.isArray(value.metadata))
      w.typeError(
        jsonKind(value.metadata),
        "v1.ObjectMeta",
        { struct: "metadataOnlyObject", fields: ["metadata"] },
        ["metadata"],
      );
    else
      w.value(
        value.metadata,
        { t: "struct", def: "meta.v1.ObjectMeta" },
        { struct: "ObjectMeta", fields: ["metadata"] },
        ["metadata"],
      );
  }
  return w.result.typeError;
}
