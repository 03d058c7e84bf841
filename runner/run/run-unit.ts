/** One unit: the suites of one file on one target — prepare each suite once, then run its cases. */
import type { PlanCase, PlanSuite } from "../../dsl/index.js";
import type { SuiteSetup, TargetContext } from "../targets/index.js";
import type { RunOptions } from "./options.js";
import { caseResult, runCase } from "./run-case.js";
import type { Unit } from "./schedule.js";
import type { Prepared } from "./teardown.js";
import { messageOf, withTimeout } from "./timeouts.js";

export interface UnitRun {
  ctx: TargetContext;
  options: RunOptions;
  selected: ReadonlySet<string>;
  prepared: Prepared;
  now: () => number;
  /** Called after each case; aborting the run is the caller's (`--bail`). */
  onCase(result: ReturnType<typeof caseResult>): void;
}

export async function runUnit(unit: Unit, run: UnitRun): Promise<void> {
  unit.push({ type: "file-start", file: unit.file, target: unit.target.name });
  for (const suite of unit.suites) {
    const cases = suite.cases.filter((c) => run.selected.has(c.id));
    if (cases.length) await runSuite(unit, suite, cases, run);
  }
  unit.push({ type: "file-end", file: unit.file, target: unit.target.name, results: unit.results });
}

async function runSuite(unit: Unit, suite: PlanSuite, cases: PlanCase[], run: UnitRun): Promise<void> {
  const { ctx, options } = run;
  const setup: SuiteSetup = {
    file: unit.file,
    suite: suite.name,
    cluster: suite.cluster,
    upstream: suite.upstream,
  };
  let prepareError: string | undefined;
  if (!ctx.signal.aborted && cases.some((c) => !c.skip)) {
    try {
      await withTimeout(unit.target.prepare(setup, ctx), options.stepTimeoutMs, "prepare");
      run.prepared.add(unit.target, ctx);
    } catch (error) {
      prepareError = `preparing ${unit.target.name} for suite "${suite.name}" failed: ${messageOf(error)}`;
    }
  }
  const target = unit.target.name;
  for (const c of cases) {
    // The reference target answers synchronously, so a whole file could run as one chain of
    // microtasks: yield to the event loop between cases so Ctrl-C (and reporters' I/O) get through.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) break;
    unit.push({ type: "case-start", id: c.id, name: c.name, suite: c.suite, file: c.file, target });
    const result = prepareError
      ? caseResult(c, target, "errored", 0, [], prepareError, c.span)
      : await runCase(c, setup, unit.target, ctx, options, run.now, (step) =>
          unit.push({ type: "step-end", caseId: c.id, target, step }),
        );
    unit.results.push(result);
    unit.push({ type: "case-end", result });
    run.onCase(result);
  }
}
