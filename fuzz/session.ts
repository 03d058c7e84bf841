/**
 * One fuzz session in the current thread: seeds (the target's own plus its regression corpus), the
 * coverage-guided loop, then minimisation of each finding on a fresh runner. The CLI runs it in a
 * worker under a watchdog; the CI test runs it directly with small bounds and a deadline per execution.
 */
import { join } from "node:path";
import { V8Coverage } from "./coverage.js";
import { withDeadline } from "./deadline.js";
import { runLoop, type LoopOptions, type LoopResult } from "./loop.js";
import { minimise, signatureOf } from "./minimise.js";
import { filesUnder, readAll } from "./seeds.js";
import type { Finding, FuzzRunner, FuzzTarget } from "./target.js";

/** Known issues' inputs: replayed by fuzz/fuzz.test.ts, which expects them to still fail. */
export const knownDir = (root: string, target: FuzzTarget) => join(root, "fuzz", "known", target.name);

/** Where a target's kept findings live, replayed by fuzz/fuzz.test.ts. */
export const regressionDir = (root: string, target: FuzzTarget) =>
  join(root, "fuzz", "regressions", target.name);

export function regressionInputs(
  root: string,
  target: FuzzTarget,
  folder: "regressions" | "known" = "regressions",
): { path: string; data: Uint8Array }[] {
  const paths = filesUnder(root, [join("fuzz", folder, target.name)], (n) => !n.startsWith("."));
  return paths.map((path) => ({ path, data: readAll([path])[0]! }));
}

export interface SessionResult extends LoopResult {
  seeds: number;
  /** Findings whose signature did not recur on a fresh runner (state-dependent): kept unminimised. */
  unreproduced: string[];
}

export interface SessionOptions extends Omit<LoopOptions, "now"> {
  /** Stop each execution (minimisation included) after this many ms as a `hang` finding (deadline.ts). */
  deadlineMs?: number;
}

export function fuzzSession(target: FuzzTarget, root: string, opts: SessionOptions): SessionResult {
  const seeds = [...target.seeds(root), ...regressionInputs(root, target).map((r) => r.data)];
  const guard = (r: FuzzRunner) => (opts.deadlineMs === undefined ? r : withDeadline(r, opts.deadlineMs));
  const runner = guard(target.create(root));
  const coverage = new V8Coverage(target.scope);
  coverage.start();
  let result: LoopResult;
  try {
    result = runLoop(target, runner, seeds, coverage, opts);
  } finally {
    coverage.stop();
  }
  const unreproduced: string[] = [];
  const findings: Finding[] = result.findings.map((f) => {
    if (f.kind === "slow" || f.kind === "hang") return f;
    const bare = guard(target.create(root));
    // Minimisation attempts go past the watchdog too: a mutant that hangs is still caught.
    const fresh = { run: (d: Uint8Array) => (opts.beforeRun?.(d), bare.run(d)) };
    if (signatureOf(fresh, f.input) !== f.signature) {
      unreproduced.push(f.signature);
      return f;
    }
    return { ...f, input: minimise(fresh, f.input, f.signature) };
  });
  for (const f of findings) {
    const k = target.known?.find((x) => x.signature.test(f.signature));
    if (k) f.known = k.why;
  }
  return { ...result, findings, seeds: seeds.length, unreproduced };
}
