/** One unit: the suites of one file on one target — prepare each suite once, then run its cases. */
import type { PlanCase, PlanSuite } from "../../dsl/index.js";
import type { CaseResult, StepRecord } from "../result.js";
import { TargetError, type SuiteSetup, type Target, type TargetContext } from "../targets/index.js";
import type { RunEvent } from "../events.js";
import { runPool } from "./case-pool.js";
import type { RunOptions } from "./options.js";
import { caseResult, runCase } from "./run-case.js";
import type { Unit } from "./schedule.js";
import type { Prepared } from "./teardown.js";
import { messageOf, withTimeout } from "./timeouts.js";

/** The least time a target gets to prepare a suite's cluster. */
const PREPARE_TIMEOUT_MS = 600_000;

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
  let prepareStatus: "errored" | "skipped" = "errored";
  if (!ctx.signal.aborted && cases.some((c) => !c.skip)) {
    try {
      // Making a cluster (kind, the local cluster) takes minutes where a step takes seconds.
      const limit = Math.max(options.stepTimeoutMs ?? 60_000, PREPARE_TIMEOUT_MS);
      await withTimeout(unit.target.prepare(setup, ctx), limit, "prepare", ctx.signal);
      run.prepared.add(unit.target, ctx);
    } catch (error) {
      // A target that cannot build this suite's cluster at all skips its cases, with the reason.
      const unsupported = error instanceof TargetError && error.kind === "unsupported";
      prepareStatus = unsupported ? "skipped" : "errored";
      prepareError = unsupported
        ? messageOf(error)
        : `preparing ${unit.target.name} for suite "${suite.name}" failed: ${messageOf(error)}`;
    }
  }
  const width = laneWidth(unit.target, options, prepareError, cases);
  if (width > 1) return runSuiteInLanes(unit, setup, cases, width, run);
  const target = unit.target.name;
  for (const c of cases) {
    // The reference target answers synchronously, so a whole file could run as one chain of
    // microtasks: yield to the event loop between cases so Ctrl-C (and reporters' I/O) get through.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) break;
    unit.push({ type: "case-start", id: c.id, name: c.name, suite: c.suite, file: c.file, target });
    const result = prepareError
      ? caseResult(c, target, prepareStatus, 0, [], prepareError, c.span)
      : await runWithRetries(c, setup, unit.target, unit.push, run);
    unit.results.push(result);
    unit.push({ type: "case-end", result });
    run.onCase(result);
  }
}

/** How many cases of this suite run at once: `--parallel` on a real target that has lanes, else 1. */
function laneWidth(target: Target, options: RunOptions, prepareError: string | undefined, cases: PlanCase[]) {
  const real = !target.capabilities().virtualTime && target.lane && target.claims;
  if (!real || prepareError || options.dryRun) return 1;
  return Math.min(options.parallel ?? 1, cases.filter((c) => !c.skip).length);
}

/**
 * The suite's cases on several lanes at once (case-pool.ts). Each case's events are held until the
 * cases before it in plan order have ended, then released in order with its result.
 */
async function runSuiteInLanes(
  unit: Unit,
  setup: SuiteSetup,
  cases: PlanCase[],
  width: number,
  run: UnitRun,
): Promise<void> {
  const { ctx } = run;
  const held = cases.map(() => ({ events: [] as RunEvent[], result: undefined as CaseResult | undefined }));
  let released = 0;
  const release = () => {
    for (; released < cases.length && held[released]!.result; released++) {
      for (const e of held[released]!.events) unit.push(e);
      unit.results.push(held[released]!.result!);
    }
  };
  const index = new Map(cases.map((c, k) => [c, k]));
  const runOne = async (c: PlanCase, lane: Target) => {
    const slot = held[index.get(c)!]!;
    const push = (e: RunEvent) => slot.events.push(e);
    push({
      type: "case-start",
      id: c.id,
      name: c.name,
      suite: c.suite,
      file: c.file,
      target: unit.target.name,
    });
    const result = await runWithRetries(c, setup, lane, push, run).catch((error: unknown) =>
      caseResult(c, unit.target.name, "errored", 0, [], `internal error: ${messageOf(error)}`, c.span),
    );
    push({ type: "case-end", result });
    slot.result = result;
    run.onCase(result);
    release();
  };
  const pool = cases.map((c) => ({ c, claims: c.skip !== undefined ? [] : unit.target.claims!(c) }));
  const lane = () => unit.target.lane!();
  await runPool(pool, width, unit.target, lane, runOne, ctx, () => ctx.signal.aborted);
  release();
}

/**
 * Runs a case, and on a target with real time re-runs it up to `--retries` times while it fails or
 * errors; the earlier attempts are kept on the result, and a later pass is marked flaky.
 */
async function runWithRetries(
  c: PlanCase,
  setup: SuiteSetup,
  target: Target,
  push: (e: RunEvent) => void,
  run: UnitRun,
): Promise<CaseResult> {
  const { ctx, options } = run;
  const onStep = (step: StepRecord) => push({ type: "step-end", caseId: c.id, target: target.name, step });
  const limit = target.capabilities().virtualTime ? 0 : (options.retries ?? 0);
  const earlier: NonNullable<CaseResult["retries"]> = [];
  for (;;) {
    const result = await runCase(c, setup, target, ctx, options, run.now, onStep);
    const bad = result.status === "failed" || result.status === "errored";
    if (!bad || earlier.length >= limit || ctx.signal.aborted) {
      if (!earlier.length) return result;
      return { ...result, retries: earlier, ...(result.status === "passed" ? { flaky: true } : {}) };
    }
    earlier.push({ status: result.status, message: result.message, durationMs: result.durationMs });
  }
}
