/**
 * The bounded fuzz pass of CI: every target replays its regression corpus (inputs fuzzing once broke,
 * fixed since: they must run cleanly), checks that its known issues still reproduce (when one stops
 * failing, its input belongs in regressions/), then fuzzes for a few seconds from its seeds and must
 * find nothing new. `npm run fuzz -- TARGET --runs N` is the long version.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { withDeadline } from "./deadline.js";
import { signatureOf } from "./minimise.js";
import { fuzzSession, regressionInputs } from "./session.js";
import { TARGETS } from "./targets/index.js";

const root = join(import.meta.dirname, "..");
/**
 * Per target: seconds of fuzzing, an execution cap (CI's share of the 2 cores), and the executions a
 * run makes even past its seconds: while the local cluster's tests share the cores, 4 s gave only
 * 24 executions of the manifest target, not even its seeds.
 */
const TIME_MS = 4_000;
const RUNS = 3_000;
const MIN_RUNS = 120;
/**
 * A hung input fails its test instead of blocking the worker: vitest's timeout cannot interrupt a
 * synchronous loop, so every execution runs under deadline.ts's.
 */
const DEADLINE_MS = 5_000;

describe.each(TARGETS.map((t) => [t.name, t] as const))("fuzz target %s", (_, target) => {
  it("replays its regression corpus without a finding", () => {
    const runner = withDeadline(target.create(root), DEADLINE_MS);
    const inputs = regressionInputs(root, target);
    const failing = inputs.flatMap(({ path, data }) => {
      const sig = signatureOf(runner, data);
      return sig ? [`${path}: ${sig}`] : [];
    });
    expect(failing).toEqual([]);
  });

  it("still reproduces each known issue (a fixed one moves to regressions/)", () => {
    const runner = withDeadline(target.create(root), DEADLINE_MS);
    for (const { path, data } of regressionInputs(root, target, "known")) {
      const sig = signatureOf(runner, data) ?? "runs cleanly now";
      expect(
        target.known?.some((k) => k.signature.test(sig)),
        `${path}: ${sig}`,
      ).toBe(true);
    }
  });

  it(`finds nothing new in a short coverage-guided run (${TIME_MS / 1000} s or ${RUNS} executions)`, () => {
    const r = fuzzSession(target, root, {
      seed: 20261202,
      runs: RUNS,
      timeMs: TIME_MS,
      minRuns: MIN_RUNS,
      slowMs: DEADLINE_MS,
      deadlineMs: DEADLINE_MS,
    });
    const fresh = r.findings.filter((f) => !f.known && f.kind !== "slow");
    expect(fresh.map((f) => `${f.signature}\n${f.message}\n${Buffer.from(f.input).toString("hex")}`)).toEqual(
      [],
    );
    expect(r.execs).toBeGreaterThan(Math.min(r.seeds, 50));
    expect(r.features).toBeGreaterThan(50);
  }, 300_000);
});
