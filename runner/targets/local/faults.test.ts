import { describe, expect, it } from "vitest";
import { FAULT_CATALOG } from "../reference/index.js";
import { LocalFaults } from "./faults.js";

describe("the local target's faults", () => {
  const supported = new LocalFaults(null as never, null as never, null as never).supported();

  it.each(FAULT_CATALOG.map((f) => [f.name, f.local] as const))(
    "%s: the catalog's local column says what the target realises",
    (name, local) => {
      expect(local.startsWith("unsupported"), local).toBe(supported[name] !== true);
    },
  );

  it("realises no fault the catalog does not know", () => {
    const known = new Set<string>(FAULT_CATALOG.map((f) => f.name));
    expect(Object.keys(supported).filter((f) => !known.has(f))).toEqual([]);
  });
});
