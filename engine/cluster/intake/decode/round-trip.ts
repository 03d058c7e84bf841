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
  if (t.t === "map") return isObj(v) && Object.keys(v).length === 0;
  return v === zero(t);
}

function value(v: Json, t: FieldType): Json {
  switch (t.t) {
    case "struct":
      return struct(isObj(v) ? v : undefined, t.def);
    case "list":
      return Array.isArray(v) ? v.map((x) => value(x, t.of)) : v;
    case "map":
      if (!isObj(v)) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x, t.of)]));
    case "q":
      // Quantity.MarshalJSON: the text ParseQuantity kept, else the canonical form.
      return typeof v === "string" || typeof v === "number" ? quantityJSON(String(v)) : v;
    default:
      return v;
  }
}

/** One struct value (undefined = the zero struct) as it comes back from storage. */
export function struct(v: Obj | undefined, def: string): Obj {
  const fields = compiledStruct(def)?.fields;
  if (!fields) return v ?? {};
  const out: Obj = {};
  for (const f of fields) {
    const name = f.name;
    const x = v?.[name];
    const absent = x === undefined || x === null;
    const empty = absent || ((f.type.t === "list" || f.type.t === "map") && isZero(x, f.type));
    if (f.pointer) {
      if (!absent) out[name] = value(x, f.type);
      else if (!f.omitempty) out[name] = null;
      continue;
    }
    if (f.type.t === "list" || f.type.t === "map" || f.type.t === "y" || f.type.t === "a") {
      if (!empty) out[name] = value(x!, f.type);
      else if (!f.omitempty && f.type.t !== "a") out[name] = null;
      continue;
    }
    if (f.type.t === "struct") {
      out[name] = struct(isObj(x) ? x : undefined, f.type.def);
      continue;
    }
    const val = absent ? zero(f.type) : value(x, f.type);
    if (val === undefined) continue;
    if (f.omitempty && isZero(val, f.type) && f.type.t !== "is" && f.type.t !== "t") continue;
    out[name] = val;
  }
  return out;
}

/** The stored form of an object of the definition `def` (`core.v1.Service`). */
export function roundTrip(o: Obj, def: string): Obj {
  return struct(o, def);
}
