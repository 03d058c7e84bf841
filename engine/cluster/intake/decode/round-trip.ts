/**
 * What an object looks like after the API server stores it and reads it back: built-in kinds go
 * to etcd as protobuf (apimachinery runtime/serializer/protobuf), where an empty list or map is the
 * same as none, and come back out through encoding/json, which prints zero values unless the field
 * is `omitempty` (then it leaves them out) and prints non-pointer structs always. So `selector: {}`
 * disappears, an empty `endpoints: []` prints as null, a Container's `resources` as `{}`.
 */
import type { Json } from "./yaml-json.js";
import { compiledStruct, type FieldType } from "../schema/schema.js";
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

/** One struct value (undefined = the zero struct) as it comes back from storage. */
export function struct(v: Obj | undefined, def: string): Obj {
  const fields = compiledStruct(def)?.fields;
  if (!fields) return v ?? {};
  const out: Obj = {};
  for (const f of fields) {
    const name = f.name;
    const t = f.type;
    const x = v === undefined ? undefined : v[name];
    const absent = x === undefined || x === null;
    if (f.pointer) {
      if (!absent) out[name] = value(x, t);
      else if (!f.omitempty) out[name] = null;
      continue;
    }
    switch (t.t) {
      case "list":
      case "map":
      case "y":
      case "a":
        if (!(absent || ((t.t === "list" || t.t === "map") && isZero(x, t)))) out[name] = value(x, t);
        else if (!f.omitempty && t.t !== "a") out[name] = null;
        continue;
      case "struct":
        out[name] = struct(isObj(x) ? x : undefined, t.def);
        continue;
      default: {
        const val = absent ? zero(t) : value(x, t);
        if (val === undefined) continue;
        if (f.omitempty && isZero(val, t) && t.t !== "is" && t.t !== "t") continue;
        out[name] = val;
      }
    }
  }
  return out;
}

/** The stored form of an object of the definition `def` (`core.v1.Service`). */
export function roundTrip(o: Obj, def: string): Obj {
  return struct(o, def);
}
