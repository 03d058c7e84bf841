/** One unit: the suites of one file on one target — prepare each suite once, then run its cases. */
import type { PlanCase, PlanSuite } from "../../dsl/index.js";
import type { CaseResult, StepRecord } from "../result.js";
import { TargetError, type SuiteSetup, type TargetContext } from "../targets/index.js";
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
  // A suite the target cannot realise (a cluster setting it does not have) is skipped with the reason.
  let prepareStatus: "errored" | "skipped" = "errored";
  if (!ctx.signal.aborted && cases.some((c) => !c.skip)) {
    try {
      await withTimeout(unit.target.prepare(setup, ctx), options.stepTimeoutMs, "prepare");
      run.prepared.add(unit.target, ctx);
    } catch (error) {
      const unsupported = error instanceof TargetError && error.kind === "unsupported";
      if (unsupported) prepareStatus = "skipped";
      prepareError = unsupported
        ? messageOf(error)
        : `preparing ${unit.target.name} for suite "${suite.name}" failed: ${messageOf(error)}`;
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
      ? caseResult(c, target, prepareStatus, 0, [], prepareError, c.span)
      : await runWithRetries(c, setup, unit, run);
    unit.results.push(result);
    unit.push({ type: "case-end", result });
    run.onCase(result);
  }
}

/**
 * Runs a case, and on a target with real time re-runs it up to `--retries` times while it fails or
 * errors; the earlier attempts are kept on the result, and a later pass is marked flaky.
 */
async function runWithRetries(c: PlanCase, setup: SuiteSetup, unit: Unit, run: UnitRun): Promise<CaseResult> {
  const { ctx, options } = run;
  const onStep = (step: StepRecord) =>
    unit.push({ type: "step-end", caseId: c.id, target: unit.target.name, step });
  const limit = unit.target.capabilities().virtualTime ? 0 : (options.retries ?? 0);
  const earlier: NonNullable<CaseResult["retries"]> = [];
  for (;;) {
    const result = await runCase(c, setup, unit.target, ctx, options, run.now, onStep);
    const bad = result.status === "failed" || result.status === "errored";
    if (!bad || earlier.length >= limit || ctx.signal.aborted) {
      if (!earlier.length) return result;
      return { ...result, retries: earlier, ...(result.status === "passed" ? { flaky: true } : {}) };
    }
    earlier.push({ status: result.status, message: result.message, durationMs: result.durationMs });
  }
}
