/**
 * Every fault of the catalog is, on each real target, either realised or skipped with the target's own
 * reason (never the runner's generic "cannot inject"): docs/faults.md's table prints these statements.
 */
import { describe, expect, it } from "vitest";
import { FAULT_CATALOG } from "./reference/index.js";
import { REAL_FAULTS, UNREALISED_FAULTS } from "./kube/index.js";
import { createTarget } from "./index.js";

describe("what each real target says of every fault", () => {
  const targets = {
    kind: createTarget("kind", { dryRun: true, write: () => {} }),
    cluster: createTarget("cluster:ctx", { dryRun: true, write: () => {}, allowContext: "ctx" }),
    local: createTarget("local"),
  };

  it.each(Object.entries(targets))("%s: realised or a reason, for every fault", (_name, target) => {
    const faults = target.capabilities().faults;
    for (const f of FAULT_CATALOG) {
      const said = faults[f.name];
      expect(said === true || (typeof said === "string" && said.length > 0), f.name).toBe(true);
    }
    expect(Object.keys(faults).sort()).toEqual(FAULT_CATALOG.map((f) => f.name).sort());
  });

  it("kube: a fault is realised or has a reason, never both", () => {
    expect(Object.keys(REAL_FAULTS).filter((f) => f in UNREALISED_FAULTS)).toEqual([]);
  });

  it("an existing cluster realises none: the kube-system faults are the kind target's only", () => {
    const faults = targets.cluster.capabilities().faults;
    expect(Object.values(faults).filter((v) => v === true)).toEqual([]);
    expect(faults["dns-outage"]).toBe("changes kube-system: only on the kind target");
    expect(targets.kind.capabilities().faults["dns-outage"]).toBe(true);
  });

  it("the catalog's kind / existing cluster prose says what capabilities() says", () => {
    const kind = targets.kind.capabilities().faults;
    for (const f of FAULT_CATALOG) {
      const text: string = f.realTarget;
      if (kind[f.name] === true) {
        expect(text.startsWith("kind: kubectl "), f.name).toBe(true);
        expect(text, f.name).toContain("Existing clusters: skipped (it changes kube-system)");
      } else expect(text.startsWith("not realised on kind or existing clusters"), f.name).toBe(true);
    }
  });
});
