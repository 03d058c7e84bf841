import { describe, expect, it } from "vitest";
import { NamespaceMap } from "./namespaces.js";

describe("the namespaces a case's apply creates first", () => {
  it("an apply step: every one its manifests mention; expect apply: only those the case has", () => {
    const map = new NamespaceMap("netspec-1-3");
    const def = map.forward("default");
    const shop = map.forward("shop");
    expect(map.toCreate(true)).toEqual([def]);
    expect(map.toCreate(false)).toEqual([def, shop]);
    const nowhere = map.forward("nowhere");
    // Mentioned only by an `expect apply`: left for the API server to refuse.
    expect(map.toCreate(true)).toEqual([def, shop]);
    expect(map.toCreate(true)).not.toContain(nowhere);
  });

  it("an API server's message names them as the scenario does", () => {
    const map = new NamespaceMap("netspec-1-3");
    const bad = map.forward("bad_ns");
    expect(map.backText(`Namespace "${bad}" is invalid: metadata.name: Invalid value: "${bad}": ...`)).toBe(
      'Namespace "bad_ns" is invalid: metadata.name: Invalid value: "bad_ns": ...',
    );
  });
});
