/**
 * One case on one target: reset, every step in order (the first failure ends it), then heal the
 * faults it injected, newest first, even when it failed.
 */
import type { PlanCase, Span } from "../../dsl/index.js";
import type { CaseResult, CaseStatus, StepRecord } from "../result.js";
import { TargetError, observe, type SuiteSetup, type Target, type TargetContext } from "../targets/index.js";
import type { RunOptions } from "./options.js";
import { runExpect, type Failure } from "./run-expect.js";
import { runAction } from "./steps.js";
import { messageOf, withTimeout } from "./timeouts.js";

export async function runCase(
  c: PlanCase,
  setup: SuiteSetup,
  target: Target,
  ctx: TargetContext,
  options: RunOptions,
  now: () => number,
  onStep: (step: StepRecord) => void,
): Promise<CaseResult> {
  const started = now();
  const steps: StepRecord[] = [];
  const done = (
    status: CaseStatus,
    message?: string,
    span = c.span,
    reasons: string[] = [],
    code?: string,
  ) => {
    const r = caseResult(c, target.name, status, now() - started, steps, message, span, reasons);
    return code ? { ...r, code } : r;
  };
  if (c.skip !== undefined) return done("skipped", c.skip);
  const faults: string[] = [];
  let outcome: CaseResult | undefined;
  try {
    await withTimeout(target.reset(setup, ctx), options.stepTimeoutMs, "reset");
    for (const step of c.steps) {
      if (ctx.signal.aborted) {
        outcome = done("errored", "run interrupted", step.span);
        break;
      }
      const record: StepRecord = { span: step.span, type: step.type, durationMs: 0 };
      const stepStart = now();
      const failed = await runStep(step, target, ctx, options, record, faults);
      record.durationMs = now() - stepStart;
      steps.push(record);
      onStep(record);
      if (failed) {
        outcome = done(failed.status, failed.message, failed.span ?? step.span, failed.reasons, failed.code);
        if (faults.length && failed.status !== "skipped") outcome.activeFaults = [...faults];
        break;
      }
    }
  } catch (error) {
    const f = failureOfError(error);
    outcome = done(f.status, f.message, f.span ?? c.span, [], f.code);
  }
  const healError = await healAll(faults, target, ctx, options.stepTimeoutMs);
  if (healError && (!outcome || outcome.status === "passed"))
    outcome = done("errored", healError, c.span, [], "run/heal");
  return outcome ?? (options.dryRun ? done("skipped", "dry run: printed, not run") : done("passed"));
}

async function runStep(
  step: PlanCase["steps"][number],
  target: Target,
  ctx: TargetContext,
  options: RunOptions,
  record: StepRecord,
  faults: string[],
): Promise<Failure | undefined> {
  const timeout = options.stepTimeoutMs;
  try {
    if (step.type !== "expect")
      await withTimeout(runAction(step, target, ctx, options.host, faults), timeout, step.type);
    else if (!options.dryRun) return await runExpect(step, target, ctx, record, timeout, options.host);
    // --dry-run: the probe is handed over so the target prints it; nothing is judged.
    else await withTimeout(observe(target, step.probe, ctx), timeout, "expect").catch(() => undefined);
  } catch (error) {
    return failureOfError(error);
  }
  return undefined;
}

/** Heals the case's faults newest first; the first failure's message, if any. */
async function healAll(faults: string[], target: Target, ctx: TargetContext, timeout?: number) {
  let first: string | undefined;
  for (const name of [...faults].reverse()) {
    try {
      await withTimeout(target.heal(name, ctx), timeout, "heal");
    } catch (error) {
      first ??= `healing fault ${name} failed: ${messageOf(error)}`;
    }
  }
  return first;
}

export function caseResult(
  c: PlanCase,
  target: string,
  status: CaseStatus,
  durationMs: number,
  steps: StepRecord[],
  message?: string,
  span: Span = c.span,
  reasons: string[] = [],
): CaseResult {
  return {
    id: c.id,
    name: c.name,
    suite: c.suite,
    file: c.file,
    span: c.span,
    tags: c.tags,
    target,
    status,
    durationMs,
    steps,
    ...(message !== undefined ? { message, messageSpan: span } : {}),
    reasons,
  };
}

/**
 * A thrown error as the case's outcome: a TargetError keeps its code and is framed at its own location
 * (a manifest's line, not the `apply` statement), without repeating that location in the message.
 */
function failureOfError(error: unknown): Failure {
  if (!(error instanceof TargetError))
    return { status: "errored", message: messageOf(error), reasons: [], code: "run/internal" };
  const span = error.span();
  const prefix = span ? `${span.file}:${span.line}: ` : "";
  const message =
    prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return {
    status: error.kind === "unsupported" ? "skipped" : "errored",
    message,
    reasons: [],
    span,
    code: error.code,
  };
}
