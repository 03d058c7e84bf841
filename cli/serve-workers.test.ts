import { describe, it, expect } from "vitest";
import { availableParallelism } from "node:os";
import { parseWorkers } from "./serve-workers.js";

describe("serve --workers", () => {
  it("takes a count from 1 to 256, or auto for one per core", () => {
    expect(parseWorkers("1")).toBe(1);
    expect(parseWorkers("4")).toBe(4);
    expect(parseWorkers("auto")).toBe(availableParallelism());
  });

  it("refuses anything else with a usage error that says what it wants", () => {
    for (const bad of ["0", "-2", "1.5", "many", "", "257"])
      expect(() => parseWorkers(bad)).toThrow(/--workers must be a whole number from 1 to 256 or "auto"/);
  });
});
