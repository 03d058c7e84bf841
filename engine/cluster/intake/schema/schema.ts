/**
 * Field knowledge from the generated API schema: which kinds the API server serves (with resource
 * and scope) and what type every field of their objects has, in the terms encoding/json uses when a
 * value does not fit (`Go struct field ServicePort.spec.ports.port of type int32`).
 */
import { API_SCHEMA_DATA } from "./api-schema.generated.js";

/** A field's type: a scalar code, a list or map of a type, or a struct definition. */
export type FieldType =
  | { t: "s" | "b" | "i32" | "i64" | "f" | "y" | "t" | "q" | "is" | "a" }
  | { t: "list"; of: FieldType }
  | { t: "map"; of: FieldType }
  | { t: "struct"; def: string };

export interface ServedKind {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name (`services`). */
  resource: string;
  namespaced: boolean;
  /** Definition of the object (`core.v1.Service`). */
  def: string;
}

const parsed = new Map<string, FieldType>();

/** A struct field: its type, and the Go json tag's omitempty and the Go type's pointer-ness. */
export interface FieldInfo {
  type: FieldType;
  omitempty: boolean;
  pointer: boolean;
}

export function parseField(code: string): FieldInfo {
  const omitempty = code.startsWith("?");
  const rest = omitempty ? code.slice(1) : code;
  const pointer = rest.startsWith("*");
  return { type: parseType(pointer ? rest.slice(1) : rest), omitempty, pointer };
}

export function parseType(code: string): FieldType {
  if (code.startsWith("?") || code.startsWith("*")) return parseField(code).type;
  let t = parsed.get(code);
  if (t) return t;
  if (code.startsWith("[")) t = { t: "list", of: parseType(code.slice(1)) };
  else if (code.startsWith("{")) t = { t: "map", of: parseType(code.slice(1)) };
  else if (code.startsWith("@")) t = { t: "struct", def: code.slice(1) };
  else t = { t: code as "s" };
  parsed.set(code, t);
  return t;
}

/** The fields of a definition (`core.v1.ServicePort`), or undefined when unknown. */
export function structFields(def: string): Record<string, string> | undefined {
  return API_SCHEMA_DATA.defs[def]?.f;
}

/** A struct field with its code parsed. */
export interface StructField extends FieldInfo {
  name: string;
}

/** A definition's fields parsed once (decoding and the storage round trip visit them per object). */
export interface CompiledStruct {
  /** In the schema's order. */
  fields: readonly StructField[];
  byName: ReadonlyMap<string, FieldType>;
  /** goStructName of the definition. */
  goName: string;
}

const compiled = new Map<string, CompiledStruct | null>();

/** The parsed fields of a definition, or undefined when unknown. */
export function compiledStruct(def: string): CompiledStruct | undefined {
  let c = compiled.get(def);
  if (c === undefined) {
    const f = structFields(def);
    const fields = f ? Object.entries(f).map(([name, code]) => ({ name, ...parseField(code) })) : undefined;
    c = fields
      ? { fields, byName: new Map(fields.map((x) => [x.name, x.type])), goName: goStructName(def) }
      : null;
    compiled.set(def, c);
  }
  return c ?? undefined;
}

/** The Go name encoding/json prints for a type (`v1.ServicePort`, `[]string`, `map[string]string`). */
export function goTypeName(t: FieldType): string {
  switch (t.t) {
    case "list":
      return `[]${goTypeName(t.of)}`;
    case "map":
      return `map[string]${goTypeName(t.of)}`;
    case "struct":
      return API_SCHEMA_DATA.defs[t.def]?.go ?? t.def;
    case "s":
      return "string";
    case "b":
      return "bool";
    case "i32":
      return "int32";
    case "i64":
      return "int64";
    case "f":
      return "float64";
    case "y":
      return "[]uint8";
    case "t":
      return "v1.Time";
    case "q":
      return "resource.Quantity";
    case "is":
      return "intstr.IntOrString";
    default:
      return "interface {}";
  }
}

/** The struct's own Go name without the package (`ServicePort`). */
export function goStructName(def: string): string {
  const go = API_SCHEMA_DATA.defs[def]?.go ?? def;
  return go.slice(go.indexOf(".") + 1);
}

let served: Map<string, ServedKind> | undefined;

/** Kinds a 1.31 API server serves, by `apiVersion/Kind` (`apps/v1/Deployment`, `v1/Service`). */
export function servedKinds(): Map<string, ServedKind> {
  if (served) return served;
  served = new Map();
  for (const [key, k] of Object.entries(API_SCHEMA_DATA.kinds)) {
    const slash = key.lastIndexOf("/");
    const gv = key.slice(0, slash);
    const [group, version] = gv.includes("/") ? gv.split("/") : ["", gv];
    served.set(key, {
      group: group!,
      version: version!,
      kind: key.slice(slash + 1),
      resource: k.r,
      namespaced: k.n === 1,
      def: k.d.slice(1),
    });
  }
  return served;
}

export const SCHEMA_VERSION = API_SCHEMA_DATA.version;
