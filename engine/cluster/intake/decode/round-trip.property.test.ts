/**
 * The round trip walks an object's own keys and the fields that print when absent; the reference
 * here is the walk it replaced, over every field of every struct. Both must give the same JSON for
 * random objects of every definition (fields present or not, zero values, nulls, wrong shapes).
 */
import { describe, expect, it } from "vitest";
import { API_SCHEMA_DATA } from "../schema/api-schema.generated.js";
import { compiledStruct, parseField, type FieldType } from "../schema/schema.js";
import { quantityJSON } from "../validate/quantity.js";
import { struct } from "./round-trip.js";
import type { Json } from "./yaml-json.js";

type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function zero(t: FieldType): Json | undefined {
  if (t.t === "s") return "";
  if (t.t === "b") return false;
  if (t.t === "i32" || t.t === "i64" || t.t === "f" || t.t === "is") return 0;
  return t.t === "t" ? null : undefined;
}

function isZero(v: Json, t: FieldType): boolean {
  if (v === null) return true;
  if (t.t === "list" || t.t === "y") return Array.isArray(v) ? v.length === 0 : v === "";
  if (t.t === "map") return isObj(v) && Object.keys(v).length === 0;
  return v === zero(t);
}

function value(v: Json, t: FieldType): Json {
  if (t.t === "struct") return reference(isObj(v) ? v : undefined, t.def);
  if (t.t === "list") return Array.isArray(v) ? v.map((x) => value(x, t.of)) : v;
  if (t.t === "map")
    return isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x, t.of)])) : v;
  if (t.t === "q") return typeof v === "string" || typeof v === "number" ? quantityJSON(String(v)) : v;
  return v;
}

/** Every field of the struct, in schema order (the previous implementation). */
function reference(v: Obj | undefined, def: string): Obj {
  const fields = compiledStruct(def)?.fields;
  if (!fields) return v ?? {};
  const out: Obj = {};
  for (const f of fields) {
    const t = f.type;
    const x = v?.[f.name];
    const absent = x === undefined || x === null;
    if (f.pointer) {
      if (!absent) out[f.name] = value(x, t);
      else if (!f.omitempty) out[f.name] = null;
    } else if (t.t === "list" || t.t === "map" || t.t === "y" || t.t === "a") {
      if (!(absent || ((t.t === "list" || t.t === "map") && isZero(x, t)))) out[f.name] = value(x, t);
      else if (!f.omitempty && t.t !== "a") out[f.name] = null;
    } else if (t.t === "struct") out[f.name] = reference(isObj(x) ? x : undefined, t.def);
    else {
      const val = absent ? zero(t) : value(x, t);
      if (val === undefined) continue;
      if (f.omitempty && isZero(val, t) && t.t !== "is" && t.t !== "t") continue;
      out[f.name] = val;
    }
  }
  return out;
}

/** A small deterministic generator (the same objects every run). */
function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

function randomValue(t: FieldType, depth: number, rnd: (n: number) => number): Json {
  const odd: Json[] = [null, [], {}, "", 0];
  const r = rnd(10);
  if (r < odd.length) return odd[r]!;
  switch (t.t) {
    case "struct":
      return depth > 4 ? {} : randomStruct(t.def, depth + 1, rnd);
    case "list":
      return Array.from({ length: rnd(3) }, () => randomValue(t.of, depth + 1, rnd));
    case "map":
      return Object.fromEntries(
        Array.from({ length: rnd(3) }, (_, i) => [`k${i}`, randomValue(t.of, depth + 1, rnd)]),
      );
    case "b":
      return rnd(2) === 0;
    case "i32":
    case "i64":
    case "f":
      return rnd(5);
    case "q":
      return "1Gi";
    case "is":
      return rnd(2) ? "http" : 8080;
    case "t":
      return "2023-01-01T00:00:00Z";
    default:
      return "x";
  }
}

/** Some of the definition's fields, in a shuffled key order, now and then with an unknown one. */
function randomStruct(def: string, depth: number, rnd: (n: number) => number): Obj {
  const codes = API_SCHEMA_DATA.defs[def]?.f ?? {};
  const keys = Object.keys(codes).filter(() => rnd(3) === 0);
  if (rnd(5) === 0) keys.push("unknownField");
  const out: Obj = {};
  while (keys.length) {
    const k = keys.splice(rnd(keys.length), 1)[0]!;
    out[k] = codes[k] ? randomValue(parseField(codes[k]).type, depth, rnd) : 1;
  }
  return out;
}

describe("storage round trip", () => {
  it("gives what the walk over every field gives, for random objects of every definition", () => {
    const rnd = generator(7);
    let compared = 0;
    for (const def of Object.keys(API_SCHEMA_DATA.defs)) {
      expect(JSON.stringify(struct(undefined, def))).toBe(JSON.stringify(reference(undefined, def)));
      for (let i = 0; i < 8; i++) {
        const v = randomStruct(def, 0, rnd);
        const copy = JSON.parse(JSON.stringify(v)) as Obj;
        expect(JSON.stringify(struct(v, def))).toBe(JSON.stringify(reference(copy, def)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
