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
import { sortKeysInPlace } from "../sorted-keys.js";
import { compiledStruct, goStructName, goTypeName, type FieldType } from "../schema/schema.js";
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

const INT32 = [-2147483648, 2147483647] as const;
const INT64 = [-(2 ** 63), 2 ** 63] as const;

function jsonKind(v: Json): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  return Array.isArray(v) ? "array" : "object";
}

/** Keys in Go's order (kubectl marshals a map sorted). */
function goSortedKeys(v: object): string[] {
  return sortKeysInPlace(Object.keys(v), goCompare);
}

/**
 * The walk keeps the current JSON path, and the struct field names along it (the `ServicePort.spec.
 * ports.port` of a type error), as stacks that are copied only when a problem is recorded.
 */
class Walker {
  readonly result: StrictResult = { unknown: [] };

  constructor(
    private readonly path: Segment[] = [],
    private readonly fields: string[] = [],
  ) {}

  typeError(value: string, t: FieldType | string, struct: string | undefined): void {
    if (this.result.typeError) return;
    const type = typeof t === "string" ? t : goTypeName(t);
    const where =
      struct !== undefined && this.fields.length
        ? `Go struct field ${struct}.${this.fields.join(".")}`
        : "Go value";
    this.result.typeError = {
      message: `json: cannot unmarshal ${value} into ${where} of type ${type}`,
      path: [...this.path],
    };
  }

  other(message: string): void {
    if (!this.result.typeError) this.result.typeError = { message, path: [...this.path] };
  }

  value(v: Json, t: FieldType, struct: string | undefined): void {
    if (v === null) return;
    switch (t.t) {
      case "struct":
        return this.struct(v, t, struct);
      case "list":
        if (!Array.isArray(v)) return this.typeError(jsonKind(v), t, struct);
        for (let i = 0; i < v.length; i++) {
          this.path.push(i);
          this.value(v[i]!, t.of, struct);
          this.path.pop();
        }
        return;
      case "map":
        if (typeof v !== "object" || Array.isArray(v)) return this.typeError(jsonKind(v), t, struct);
        for (const k of goSortedKeys(v)) {
          // A null map value does not survive decoding: the key is gone (as kube-apiserver returns it).
          if (v[k] === null) {
            delete v[k];
            continue;
          }
          this.path.push(k);
          this.value(v[k]!, t.of, struct);
          this.path.pop();
        }
        return;
      default:
        return this.scalar(v, t, struct);
    }
  }

  private struct(v: Json, t: { t: "struct"; def: string }, outer: string | undefined): void {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return this.typeError(jsonKind(v), t, outer);
    const c = compiledStruct(t.def);
    const name = c?.goName ?? goStructName(t.def);
    for (const k of goSortedKeys(v)) {
      const type = c?.byName.get(k);
      this.path.push(k);
      if (type === undefined)
        this.result.unknown.push({
          message: `unknown field "${fieldPath(this.path)}"`,
          path: [...this.path],
          known: c ? c.fields.map((f) => f.name) : [],
        });
      else {
        this.fields.push(k);
        this.value(v[k]!, type, name);
        this.fields.pop();
      }
      this.path.pop();
    }
  }

  private scalar(v: Json, t: FieldType, struct: string | undefined): void {
    switch (t.t) {
      case "s":
        if (typeof v !== "string") this.typeError(jsonKind(v), t, struct);
        return;
      case "b":
        if (typeof v !== "boolean") this.typeError(jsonKind(v), t, struct);
        return;
      case "i32":
      case "i64":
      case "is":
        return this.integer(
          v,
          t.t === "i64" ? INT64 : INT32,
          t.t === "i64" ? "int64" : "int32",
          struct,
          t.t === "is",
        );
      case "f":
        if (typeof v !== "number") this.typeError(jsonKind(v), t, struct);
        return;
      case "y":
        if (typeof v !== "string") return this.typeError(jsonKind(v), t, struct);
        return this.base64(v);
      case "t":
        if (typeof v !== "string") return this.typeError(jsonKind(v), "string", struct);
        return this.time(v);
      case "q":
        if (typeof v === "object") return this.other(QUANTITY_ERROR);
        if (!QUANTITY.test(String(v))) this.other(QUANTITY_ERROR);
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
    struct: string | undefined,
    intstr: boolean,
  ): void {
    if (typeof v === "string") return intstr ? undefined : this.typeError("string", type, struct);
    if (typeof v !== "number") return this.typeError(jsonKind(v), type, struct);
    if (!Number.isInteger(v) || v < range[0] || v > range[1])
      this.typeError(`number ${goNumber(v)}`, type, struct);
  }

  private base64(v: string): void {
    const bad = base64Error(v);
    if (bad !== undefined) this.other(`illegal base64 data at input byte ${bad}`);
  }

  private time(v: string): void {
    if (!RFC3339.test(v))
      this.other(
        `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`,
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
  w.value(value, { t: "struct", def }, undefined);
  return w.result;
}

/**
 * kubectl's own first look at a manifest (k8s.io/cli-runtime resource mapper decoding apiVersion,
 * kind and metadata into a metadataOnlyObject): the first type error inside metadata.
 */
export function clientMetadataError(value: { [k: string]: Json }): DecodeProblem | undefined {
  const w = new Walker(["metadata"], ["metadata"]);
  if (value.metadata !== undefined && value.metadata !== null) {
    if (typeof value.metadata !== "object" || Array.isArray(value.metadata))
      w.typeError(jsonKind(value.metadata), "v1.ObjectMeta", "metadataOnlyObject");
    else w.value(value.metadata, { t: "struct", def: "meta.v1.ObjectMeta" }, "ObjectMeta");
  }
  return w.result.typeError;
}
