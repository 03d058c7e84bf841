/**
 * One case on one target: reset, every step in order (the first failure ends it), then heal the
 * faults it injected, newest first, even when it failed.
 */
import type { PlanCase, Span } from "../../dsl/index.js";
import type { AddressOwner } from "../observation.js";
import type { CaseResult, CaseStatus, StepRecord } from "../result.js";
import { observe, type SuiteSetup, type Target, type TargetContext } from "../targets/index.js";
import type { RunOptions } from "./options.js";
import { runExpect } from "./run-expect.js";
import type { Failure } from "./failure.js";
import { runAction } from "./steps.js";
import { caseDeadline, teardownContext } from "./deadlines.js";
import { failureOfError, messageOf, withTimeout } from "./timeouts.js";

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
  const startedAt = new Date();
  const steps: StepRecord[] = [];
  const done = (
    status: CaseStatus,
    message?: string,
    span = c.span,
    reasons: string[] = [],
    code?: string,
  ) => {
    const r = caseResult(c, target.name, status, now() - started, steps, message, span, reasons);
    // What the target ran this case on (the local target's `cni`: which NetworkPolicy implementation).
    if (Object.keys(target.params).length) r.params = { ...target.params };
    return code ? { ...r, code } : r;
  };
  if (c.skip !== undefined) return done("skipped", c.skip);
  const faults: string[] = [];
  let outcome: CaseResult | undefined;
  const deadline = caseDeadline(ctx, options.caseTimeoutMs);
  const caseCtx = deadline.ctx;
  try {
    await withTimeout(target.reset(setup, caseCtx), options.stepTimeoutMs, "reset", caseCtx.signal);
    for (const step of c.steps) {
      if (caseCtx.signal.aborted) {
        outcome = deadline.expired()
          ? done("errored", deadline.message(), step.span, [], "run/case-timeout")
          : done("errored", "run interrupted", step.span, [], "run/interrupted");
        break;
      }
      const record: StepRecord = { span: step.span, type: step.type, durationMs: 0 };
      const stepStart = now();
      const failed = await runStep(step, target, caseCtx, options, record, faults, setup);
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
  } finally {
    deadline.clear();
  }
  if (deadline.expired() && outcome?.status !== "passed")
    outcome = done("errored", deadline.message(), outcome?.messageSpan ?? c.span, [], "run/case-timeout");
  const addresses = await ownersFor(outcome, target, caseCtx, options);
  if (outcome && (outcome.status === "failed" || outcome.status === "errored") && target.evidence) {
    const evidence = await withTimeout(
      target.evidence(startedAt, teardownContext(ctx)),
      20_000,
      "collecting evidence",
    ).catch((e: unknown) => [{ title: "evidence", text: `could not be collected: ${messageOf(e)}` }]);
    if (evidence.length) outcome.evidence = evidence;
  }
  // Heals run even after Ctrl-C or a case timeout: with a signal of their own, bounded by the step timeout.
  const healError = await healAll(faults, target, teardownContext(ctx), options.stepTimeoutMs);
  if (healError && (!outcome || outcome.status === "passed"))
    outcome = done("errored", healError, c.span, [], "run/heal");
  const result = outcome ?? (options.dryRun ? done("skipped", "dry run: printed, not run") : done("passed"));
  if (addresses?.length && (result.status === "passed" || result.status === "failed"))
    result.addresses = addresses;
  return result;
}

/**
 * Who owned which address when the steps ended, for the parity table (only when several targets
 * are compared and the case got to a verdict): a listing that fails leaves addresses literal.
 */
async function ownersFor(
  outcome: CaseResult | undefined,
  target: Target,
  ctx: TargetContext,
  options: RunOptions,
): Promise<AddressOwner[] | undefined> {
  if (options.targets.length < 2 || options.dryRun || !target.addresses) return undefined;
  if (outcome && outcome.status !== "failed") return undefined;
  try {
    return await withTimeout(target.addresses(ctx), 20_000, "listing addresses", ctx.signal);
  } catch (error) {
    ctx.log(`${target.name}: addresses not listed for the parity table: ${messageOf(error)}`);
    return undefined;
  }
}

async function runStep(
  step: PlanCase["steps"][number],
  target: Target,
  ctx: TargetContext,
  options: RunOptions,
  record: StepRecord,
  faults: string[],
  setup: SuiteSetup,
): Promise<Failure | undefined> {
  const timeout = options.stepTimeoutMs;
  try {
    if (step.type !== "expect")
      await withTimeout(runAction(step, target, ctx, faults), timeout, step.type, ctx.signal);
    else if (!options.dryRun) return await runExpect(step, target, ctx, record, options, setup.cluster);
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
