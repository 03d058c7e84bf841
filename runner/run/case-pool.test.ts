import { describe, expect, it } from "vitest";
import type { PlanCase } from "../../dsl/index.js";
import type { Target, TargetContext } from "../targets/index.js";
import { caseOf } from "../../test/helpers/plans.js";
import { runPool, type Claims } from "./case-pool.js";

const ctx: TargetContext = {
  seed: 1,
  workDir: "/nonexistent",
  signal: new AbortController().signal,
  log: () => {},
};
const lanes: string[] = [];
const lane = (name: string) =>
  ({ name, dispose: async () => void lanes.push(`disposed ${name}`) }) as unknown as Target;

/** Runs `claims` (one case each) and returns what ran at once: the set of cases running at each start. */
async function pool(claims: Claims[], width: number) {
  lanes.length = 0;
  let made = 0;
  const running = new Set<string>();
  const overlaps: string[][] = [];
  const cases = claims.map((c, k) => ({ c: caseOf("t.netspec", "S", `c${k}`, []) as PlanCase, claims: c }));
  await runPool(
    cases,
    width,
    lane("first"),
    () => lane(`lane${++made}`),
    async (c, on) => {
      running.add(c.name);
      overlaps.push([...running].sort());
      lanes.push(`${c.name} on ${on.name}`);
      await new Promise((r) => setTimeout(r, 5));
      running.delete(c.name);
    },
    ctx,
    () => false,
  );
  return { overlaps, lanes: [...lanes], made };
}

describe("runPool: cases of a suite at once on a real target", () => {
  it("runs up to `width` cases at once, each lane one case at a time, and disposes the lanes it made", async () => {
    const r = await pool([[], [], [], [], []], 2);
    expect(Math.max(...r.overlaps.map((o) => o.length))).toBe(2);
    expect(r.made).toBe(1);
    expect(r.lanes.filter((l) => l.startsWith("disposed"))).toEqual(["disposed lane1"]);
    expect(r.lanes.filter((l) => l.startsWith("c")).length).toBe(5);
  });

  it("a case that claims all runs alone, and nothing after it starts before it", async () => {
    const r = await pool([[], [], "all", [], []], 3);
    const alone = r.overlaps.find((o) => o.includes("c2"));
    expect(alone).toEqual(["c2"]);
    const started = r.lanes.filter((l) => l.startsWith("c")).map((l) => l.split(" ")[0]);
    expect(started.indexOf("c2")).toBeLessThan(started.indexOf("c3"));
  });

  it("cases claiming the same thing never overlap; others pass them", async () => {
    const r = await pool([["namespace default"], ["namespace default"], [], []], 3);
    for (const o of r.overlaps) expect(o.includes("c0") && o.includes("c1")).toBe(false);
    // c2 started beside c0 while c1 waited for it.
    expect(r.overlaps.some((o) => o.includes("c0") && o.includes("c2"))).toBe(true);
  });

  it("width 1 is one case at a time on the first lane", async () => {
    const r = await pool([[], [], []], 1);
    expect(Math.max(...r.overlaps.map((o) => o.length))).toBe(1);
    expect(r.made).toBe(0);
  });
});
