/**
 * dsl/ may not import engine/, so the checker's default fault list (used when the caller names none:
 * tests, tools) is a copy of the engine's catalog. This test keeps the copy equal to the catalog —
 * names, order (the did-you-mean order) and argument synopses. The CLI passes the catalog itself.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_FAULTS } from "../../dsl/index.js";
import { FAULT_CATALOG, FAULT_NAMES } from "../../engine/index.js";
import { ENGINE_FAULTS } from "../../cli/dsl-api.js";

describe("the dsl's default fault list", () => {
  it("equals the engine's fault catalog", () => {
    expect(DEFAULT_FAULTS).toEqual(FAULT_CATALOG.map((f) => ({ name: f.name, args: f.args })));
    expect(ENGINE_FAULTS.map((f) => ({ name: f.name, args: f.args }))).toEqual(DEFAULT_FAULTS);
  });
  it("names only faults the engine implements, and all of them", () => {
    expect(DEFAULT_FAULTS.map((f) => f.name).sort()).toEqual([...FAULT_NAMES].sort());
  });
});
