/**
 * The fuzzer's own parts: coverage from V8 tells branches apart, the loop follows it to an input
 * no blind mutation would find in the same budget, and ddmin shrinks a crash to its cause.
 */
import { describe, expect, it } from "vitest";
import { V8Coverage } from "./coverage.js";
import { runLoop } from "./loop.js";
import { minimise } from "./minimise.js";
import { mutate } from "./mutate.js";
import { createRng } from "../engine/index.js";
import type { FuzzTarget } from "./target.js";

/** A bug behind four nested comparisons: each byte matched is a new block for V8's coverage. */
function planted(d: Uint8Array): void {
  if (d[0] === 0x4e) {
    if (d[1] === 0x45) {
      if (d[2] === 0x54) {
        if (d[3] === 0x53) throw new Error("planted bug reached");
      }
    }
  }
}

const target: FuzzTarget = {
  name: "planted",
  summary: "test",
  ext: "bin",
  maxLen: 16,
  text: false,
  scope: /fuzz\/loop\.test/,
  seeds: () => [new Uint8Array(8)],
  dictionary: [],
  create: () => ({ run: planted }),
};

describe("the coverage-guided loop", () => {
  it("V8 block coverage sees which branch ran", () => {
    const cov = new V8Coverage(/fuzz\/loop\.test/);
    cov.start();
    try {
      cov.take();
      planted(Uint8Array.of(0));
      const outer = cov.take();
      planted(Uint8Array.of(0x4e, 0x45));
      const deeper = cov.take();
      expect([...deeper].some((k) => !outer.has(k))).toBe(true);
    } finally {
      cov.stop();
    }
  });

  it("reaches a bug behind nested comparisons with coverage, and ddmin shrinks its input", () => {
    const cov = new V8Coverage(target.scope);
    cov.start();
    let r;
    try {
      r = runLoop(target, target.create("."), target.seeds("."), cov, { seed: 3, runs: 200_000 });
    } finally {
      cov.stop();
    }
    const f = r.findings.find((x) => x.message.includes("planted bug reached"));
    expect(
      f,
      `not found in ${r.execs} executions (${r.features} features, corpus ${r.corpus})`,
    ).toBeDefined();
    const small = minimise(target.create("."), f!.input, f!.signature);
    expect(Buffer.from(small).toString("hex")).toBe("4e455453");
  });

  it("mutants respect the length bound and differ from their parent", () => {
    const rng = createRng(1);
    const parent = new Uint8Array(16).fill(7);
    for (let i = 0; i < 2000; i++) {
      const m = mutate(parent, { rng, maxLen: 16, dictionary: [], other: () => parent, text: i % 2 === 0 });
      expect(m.length).toBeLessThanOrEqual(16);
      expect(Buffer.from(m).equals(Buffer.from(parent))).toBe(false);
    }
  });
});
