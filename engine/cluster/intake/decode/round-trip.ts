/**
 * What an object looks like after the API server stores it and reads it back: built-in kinds go
 * to etcd as protobuf (apimachinery runtime/serializer/protobuf), where an empty list or map is the
 * same as none, and come back out through encoding/json, which prints zero values unless the field
 * is `omitempty` (then it leaves them out) and prints non-pointer structs always. So `selector: {}`
 * disappears, an empty `endpoints: []` prints as null, a Container's `resources` as `{}`.
 */
import type { Json } from "./yaml-json.js";
import { compiledStruct, type FieldType, type StructField } from "../schema/schema.js";
import { quantityJSON } from "../validate/quantity.js";

type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function zero(t: FieldType): Json | undefined {
  switch (t.t) {
    case "s":
      return "";
    case "b":
      return false;
    case "i32":
    case "i64":
    case "f":
      return 0;
    case "is":
      return 0;
    case "t":
      return null;
    default:
      return undefined;
  }
}

function isZero(v: Json, t: FieldType): boolean {
  if (v === null) return true;
  if (t.t === "list" || t.t === "y") return Array.isArray(v) ? v.length === 0 : v === "";
  if (t.t === "map") return isObj(v) && isEmptyObject(v);
  return v === zero(t);
}

function isEmptyObject(v: Obj): boolean {
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}

function value(v: Json, t: FieldType): Json {
  switch (t.t) {
    case "struct":
      return struct(isObj(v) ? v : undefined, t.def);
    case "list":
      return Array.isArray(v) ? v.map((x) => value(x, t.of)) : v;
    case "map":
      if (!isObj(v)) return v;
      return mapValues(v, t.of);
    case "q":
      // Quantity.MarshalJSON: the text ParseQuantity kept, else the canonical form.
      return typeof v === "string" || typeof v === "number" ? quantityJSON(String(v)) : v;
    default:
      return v;
  }
}

/** A map's values through `value` (as Object.fromEntries would build it: `__proto__` an own key). */
function mapValues(v: Obj, of: FieldType): Obj {
  const out: Obj = {};
  for (const k of Object.keys(v)) {
    const x = value(v[k]!, of);
    if (k === "__proto__")
      Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}

/**
 * A struct's fields for the round trip: the schema's order, each field's position, and the fields
 * that print something when absent (a non-omitempty field's zero or null, a nested struct, an
 * IntOrString or Time zero), so an object is walked over its own keys and those only.
 */
interface Plan {
  fields: readonly StructField[];
  position: Map<string, number>;
  whenAbsent: number[];
}

const plans = new Map<string, Plan | null>();

function planOf(def: string): Plan | undefined {
  let p = plans.get(def);
  if (p === undefined) {
    const fields = compiledStruct(def)?.fields;
    p = fields
      ? {
          fields,
          position: new Map(fields.map((f, i) => [f.name, i])),
          whenAbsent: fields.flatMap((f, i) => (printsWhenAbsent(f) ? [i] : [])),
        }
      : null;
    plans.set(def, p);
  }
  return p ?? undefined;
}

/** Whether `field` sets anything for an absent value (the cases of `field` with x undefined). */
function printsWhenAbsent(f: StructField): boolean {
  const t = f.type.t;
  if (f.pointer) return !f.omitempty;
  if (t === "list" || t === "map" || t === "y") return !f.omitempty;
  if (t === "a") return false;
  if (t === "struct") return true;
  const z = zero(f.type);
  if (z === undefined) return false;
  return !(f.omitempty && isZero(z, f.type) && t !== "is" && t !== "t");
}

/** One field of a struct as it comes back from storage, set on `out` (or left out). */
function field(out: Obj, f: StructField, x: Json | undefined): void {
  const name = f.name;
  const t = f.type;
  const absent = x === undefined || x === null;
  if (f.pointer) {
    if (!absent) out[name] = value(x, t);
    else if (!f.omitempty) out[name] = null;
    return;
  }
  switch (t.t) {
    case "list":
    case "map":
    case "y":
    case "a":
      if (!(absent || ((t.t === "list" || t.t === "map") && isZero(x, t)))) out[name] = value(x, t);
      else if (!f.omitempty && t.t !== "a") out[name] = null;
      return;
    case "struct":
      out[name] = struct(isObj(x) ? x : undefined, t.def);
      return;
    default: {
      const val = absent ? zero(t) : value(x, t);
      if (val === undefined) return;
      if (f.omitempty && isZero(val, t) && t.t !== "is" && t.t !== "t") return;
      out[name] = val;
    }
  }
}

/** One struct value (undefined = the zero struct) as it comes back from storage. */
export function struct(v: Obj | undefined, def: string): Obj {
  const plan = planOf(def);
  if (!plan) return v ?? {};
  const { fields, whenAbsent } = plan;
  const out: Obj = {};
  if (v === undefined) {
    for (const i of whenAbsent) field(out, fields[i]!, undefined);
    return out;
  }
  // The fields v holds, in schema order, merged with those that print when absent: every other
  // field is absent and prints nothing, so the result is the walk over every field.
  const present: number[] = [];
  for (const k in v) {
    const i = Object.hasOwn(v, k) ? plan.position.get(k) : undefined;
    if (i === undefined) continue;
    let j = present.length;
    while (j > 0 && present[j - 1]! > i) j--;
    present.splice(j, 0, i);
  }
  let a = 0;
  let b = 0;
  while (a < present.length || b < whenAbsent.length) {
    const pa = a < present.length ? present[a]! : Infinity;
    const pb = b < whenAbsent.length ? whenAbsent[b]! : Infinity;
    const i = pa < pb ? pa : pb;
    if (pa === i) a++;
    if (pb === i) b++;
    const f = fields[i]!;
    field(out, f, v[f.name]);
  }
  return out;
}

/** The stored form of an object of the definition `def` (`core.v1.Service`). */
export function roundTrip(o: Obj, def: string): Obj {
  return struct(o, def);
}
