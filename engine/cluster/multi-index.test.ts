import { describe, expect, it } from "vitest";
import { MultiIndex } from "./multi-index.js";

/** The behaviour a Map<string, Map<string, V>> gave the store: insertion order, replace in place. */
describe("MultiIndex", () => {
  it("keeps one object under a key, and several in the order they came", () => {
    const ix = new MultiIndex<string>();
    ix.add("10.0.0.1", "Pod/a/x", "x");
    expect(ix.values("10.0.0.1")).toEqual(["x"]);
    ix.add("10.0.0.1", "Pod/a/y", "y");
    ix.add("10.0.0.1", "Pod/a/z", "z");
    expect(ix.values("10.0.0.1")).toEqual(["x", "y", "z"]);
    expect(ix.count("10.0.0.1")).toBe(3);
    expect(ix.values("10.0.0.2")).toEqual([]);
    expect(ix.count("10.0.0.2")).toBe(0);
  });

  it("replaces an object put again under the same store key without moving it", () => {
    const ix = new MultiIndex<string>();
    ix.add("ip", "k1", "old");
    ix.add("ip", "k1", "new");
    expect(ix.values("ip")).toEqual(["new"]);
    ix.add("ip", "k2", "b");
    ix.add("ip", "k1", "newer");
    expect(ix.values("ip")).toEqual(["newer", "b"]);
  });

  it("forgets a key once its last object is removed; a re-added one goes last", () => {
    const ix = new MultiIndex<string>();
    ix.add("ip", "k1", "a");
    ix.remove("ip", "k2");
    expect(ix.values("ip")).toEqual(["a"]);
    ix.remove("ip", "k1");
    expect(ix.count("ip")).toBe(0);
    ix.add("ip", "k1", "a");
    ix.add("ip", "k2", "b");
    ix.remove("ip", "k1");
    ix.add("ip", "k1", "a");
    expect(ix.values("ip")).toEqual(["b", "a"]);
    ix.remove("ip", "k1");
    ix.remove("ip", "k2");
    expect(ix.values("ip")).toEqual([]);
    ix.remove("missing", "k1");
  });
});
