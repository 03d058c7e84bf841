import { describe, expect, it } from "vitest";
import { createRng } from "../../support/index.js";
import type { Json } from "./decode/yaml-json.js";
import { clone } from "./json.js";
import { sortedJson, sortedJsonLastApplied } from "./sorted-json.js";
import { sortKeysInPlace } from "./sorted-keys.js";
import { goCompare } from "./field-errors.js";

/** The form sortedJson replaced: a JSON copy rebuilt with sorted keys, then stringified. */
function reference(v: Json): string {
  const sorted = (x: Json): Json => {
    if (Array.isArray(x)) return x.map(sorted);
    if (typeof x === "object" && x !== null)
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, sorted(x[k]!)]),
      );
    return x;
  };
  return JSON.stringify(sorted(JSON.parse(JSON.stringify(v)) as Json));
}

const KEYS = [
  "a",
  "b",
  "B",
  "app",
  "0",
  "1",
  "9",
  "10",
  "01",
  "-1",
  "4294967294",
  "4294967295",
  "é",
  "\u{1f600}",
  "\ud800",
  "__proto__",
  'q"',
  "k\n",
];
const STRINGS = ["", "x", 'say "hi"', "back\\slash", "tab\t", "\u0001", "é", "\u{1f600}", "\udc00", "\u2028"];
const NUMBERS = [0, -0, 1, -7, 3.5, 1e21, 2 ** 53, NaN, Infinity, -Infinity];

function randomJson(rng: ReturnType<typeof createRng>, depth: number): Json {
  const r = rng.int(depth > 3 ? 5 : 8);
  if (r === 0) return STRINGS[rng.int(STRINGS.length)]!;
  if (r === 1) return NUMBERS[rng.int(NUMBERS.length)]!;
  if (r === 2) return rng.int(2) === 0;
  if (r === 3) return null;
  if (r === 4) return undefined as unknown as Json;
  if (r === 5) return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
  const o: { [k: string]: Json } = {};
  for (let i = rng.int(6); i > 0; i--)
    Object.defineProperty(o, KEYS[rng.int(KEYS.length)]!, {
      value: randomJson(rng, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return o;
}

describe("sortedJson", () => {
  it("writes what JSON.stringify of a sorted copy writes", () => {
    const rng = createRng(11);
    for (let i = 0; i < 3000; i++) {
      const v = randomJson(rng, 0);
      const o = { kind: "Pod", z: v, a: [v], ...(typeof v === "object" && v ? { m: v } : {}) };
      expect(sortedJson(o as Json)).toBe(reference(o as Json));
    }
  });

  it("orders index keys numerically before the rest, the rest by UTF-16 units", () => {
    expect(sortedJson({ b: 1, "10": 2, "9": 3, a: { "01": 4, "0": 5 } })).toBe(
      '{"9":3,"10":2,"a":{"0":5,"01":4},"b":1}',
    );
  });

  it("clone copies as a JSON round trip does, sharing nothing", () => {
    const rng = createRng(12);
    for (let i = 0; i < 3000; i++) {
      const v = randomJson(rng, 0);
      const o = { z: v, a: [v, undefined], m: { v } } as unknown as Json;
      const c = clone(o);
      expect(c).toStrictEqual(JSON.parse(JSON.stringify(o)));
      expect(Object.keys(c as object)).toEqual(Object.keys(JSON.parse(JSON.stringify(o)) as object));
      expect(JSON.stringify(c)).toBe(JSON.stringify(o));
      expect((c as { m: unknown }).m).not.toBe((o as { m: unknown }).m);
    }
    expect(Object.is(clone([-0])[0], 0)).toBe(true);
  });

  it("sortKeysInPlace sorts as Array.prototype.sort does, short lists and long", () => {
    const rng = createRng(13);
    for (let i = 0; i < 2000; i++) {
      const keys = [
        ...new Set(Array.from({ length: rng.int(40) }, () => KEYS[rng.int(KEYS.length)]! + rng.int(30))),
      ];
      expect(sortKeysInPlace([...keys])).toEqual([...keys].sort());
      expect(sortKeysInPlace([...keys], goCompare)).toEqual([...keys].sort(goCompare));
    }
  });
});

describe("sortedJsonLastApplied", () => {
  /** The form it replaced (client.ts lastApplied before): copies, a delete, then sortedJson. */
  function before(body: { [k: string]: Json }, drop: string): string {
    const isObj = (v: unknown): v is { [k: string]: Json } =>
      typeof v === "object" && v !== null && !Array.isArray(v);
    const meta = { ...(isObj(body.metadata) ? body.metadata : {}) };
    const annotations = { ...(isObj(meta.annotations) ? meta.annotations : {}) };
    delete annotations[drop];
    meta.annotations = annotations;
    return `${sortedJson({ ...body, metadata: meta })}\n`;
  }

  it("writes what the copy-and-delete form wrote, on random bodies, metadata and annotations", () => {
    const rng = createRng(14);
    const drop = "kubectl.kubernetes.io/last-applied-configuration";
    const pick = (): Json => {
      const r = rng.int(6);
      if (r === 0) return undefined as unknown as Json;
      if (r === 1) return randomJson(rng, 2);
      return randomJson(rng, 0);
    };
    for (let i = 0; i < 4000; i++) {
      const annotations = randomJson(rng, 1);
      if (typeof annotations === "object" && annotations && !Array.isArray(annotations) && rng.int(2) === 0)
        annotations[drop] = "old";
      const metadata = randomJson(rng, 1);
      if (typeof metadata === "object" && metadata && !Array.isArray(metadata) && rng.int(3) > 0)
        metadata.annotations = annotations;
      const body: { [k: string]: Json } = { kind: "Pod", apiVersion: "v1" };
      if (rng.int(5) > 0) body.metadata = metadata;
      if (rng.int(2) === 0) body.spec = pick();
      if (rng.int(3) === 0) body["0"] = pick();
      if (rng.int(4) === 0) Object.defineProperty(body, "__proto__", { value: pick(), enumerable: true });
      const got = sortedJsonLastApplied(body, drop);
      expect(got).toBe(before(body, drop));
      expect(JSON.parse(got)).toEqual(JSON.parse(before(body, drop)));
    }
  });
});
