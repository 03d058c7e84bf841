import { describe, expect, it } from "vitest";
import { FAULT_CATALOG } from "../reference/index.js";
import { LOCAL_UNREALISED, LocalFaults } from "./faults.js";

describe("the local target's faults", () => {
  const supported = new LocalFaults(null as never, null as never, null as never).supported();

  it.each(FAULT_CATALOG.map((f) => [f.name, "local" in f ? f.local : undefined] as const))(
    "%s: the catalog describes how the target realises it exactly when the target does",
    (name, local) => {
      expect(local !== undefined, String(local)).toBe(supported[name] === true);
      // Unrealised: the target's own reason, which the runner skips with.
      if (supported[name] !== true) expect(supported[name]).toBe(LOCAL_UNREALISED[name]);
    },
  );

  it("realises no fault the catalog does not know", () => {
    const known = new Set<string>(FAULT_CATALOG.map((f) => f.name));
    expect(Object.keys(supported).filter((f) => !known.has(f))).toEqual([]);
  });
});
