/**
 * runPlan: Plan × targets → results. Each (file, target) pair is a unit of work; units run
 * concurrently up to `parallel`, but all calls on one Target instance are serialised (a target holds
 * one cluster's state), and events are released in plan order (file, then target) so output is
 * deterministic whatever the scheduling.
 */
import type { ExpectStep, ManifestText, Plan, PlanCase, PlanSuite, Span, Step } from "../dsl/index.js";
import { TargetError, type SuiteSetup, type Target, type TargetContext } from "./targets/target.js";
import { evaluateMatcher, judgeReach, type Verdict } from "./expectations/index.js";
import { selectCases, type CaseFilter } from "./filter.js";
import { summarize, type CaseResult, type CaseStatus, type RunResult, type StepRecord } from "./result.js";
import type { RunEvent } from "./events.js";

export interface RunOptions {
  targets: Target[];
  seed: number;
  /**
   * `--dry-run`: every step is handed to the targets (which only print what they would do) and no
   * expectation is judged; cases are reported skipped ("dry run").
   */
  dryRun?: boolean;
  filter?: CaseFilter;
  bail?: boolean;
  /** Units (file × target) in flight at once; default 1. */
  parallel?: number;
  /** Per-step timeout in ms (default 60 000). */
  stepTimeoutMs?: number;
  signal?: AbortSignal;
  workDir?: string;
  onEvent?: (event: RunEvent) => void;
  log?: (line: string) => void;
  /** Where a failing reporter is reported (once). Default: ignored. */
  warn?: (line: string) => void;
  /** Clock for durations (injectable so tests and JSON output are deterministic). */
  now?: () => number;
}

export async function runPlan(plan: Plan, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const internal = new AbortController();
  const onAbort = () => internal.abort();
  options.signal?.addEventListener("abort", onAbort);
  if (options.signal?.aborted) internal.abort();
  const emit = safeEmitter(options.onEvent, options.warn ?? (() => {}));

  // Shards, tags and grep select over the whole plan so `--shard i/n` splits every case exactly once.
  const all = plan.files.flatMap((f) => f.suites.flatMap((s) => s.cases));
  const selected = new Set(selectCases(all, options.filter ?? {}).map((c) => c.id));
  const targetNames = options.targets.map((t) => t.name);
  emit({
    type: "run-start",
    files: plan.files.map((f) => f.file),
    targets: targetNames,
    totalCases: selected.size * options.targets.length,
    seed: options.seed,
  });

  const locks = new Map<Target, Promise<void>>();
  const prepared: { target: Target; ctx: TargetContext }[] = [];
  const errors: string[] = [];
  const ctxFor = (_target: Target): TargetContext => ({
    seed: options.seed,
    workDir: options.workDir ?? ".netspec",
    signal: internal.signal,
    log: options.log ?? (() => {}),
  });

  interface Unit {
    file: string;
    target: Target;
    suites: PlanSuite[];
    events: RunEvent[];
    results: CaseResult[];
    /** The unit at the head of plan order streams its events; the others buffer until they are. */
    live: boolean;
    push(event: RunEvent): void;
  }
  const units: Unit[] = [];
  for (const f of plan.files)
    for (const target of options.targets) {
      const unit: Unit = {
        file: f.file,
        target,
        suites: f.suites,
        events: [],
        results: [],
        live: false,
        push: (event) => (unit.live ? emit(event) : unit.events.push(event)),
      };
      units.push(unit);
    }
  if (units[0]) units[0].live = true;

  const runUnit = async (unit: Unit): Promise<void> => {
    const ctx = ctxFor(unit.target);
    unit.push({ type: "file-start", file: unit.file, target: unit.target.name });
    for (const suite of unit.suites) {
      const cases = suite.cases.filter((c) => selected.has(c.id));
      if (cases.length === 0) continue;
      const setup: SuiteSetup = {
        file: unit.file,
        suite: suite.name,
        cluster: suite.cluster,
        upstream: suite.upstream,
      };
      let prepareError: string | undefined;
      if (!internal.signal.aborted && cases.some((c) => !c.skip)) {
        try {
          await withTimeout(unit.target.prepare(setup, ctx), options.stepTimeoutMs, "prepare");
          prepared.push({ target: unit.target, ctx });
        } catch (error) {
          prepareError = `preparing ${unit.target.name} for suite "${suite.name}" failed: ${messageOf(error)}`;
        }
      }
      for (const c of cases) {
        // The reference target answers synchronously, so a whole file could run as one chain of
        // microtasks: yield to the event loop between cases so Ctrl-C (and reporters' I/O) get through.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (internal.signal.aborted) break;
        unit.push({
          type: "case-start",
          id: c.id,
          name: c.name,
          suite: c.suite,
          file: c.file,
          target: unit.target.name,
        });
        const result = prepareError
          ? caseResult(c, unit.target.name, "errored", 0, [], prepareError, c.span)
          : await runCase(c, setup, unit.target, ctx, options, now, (step) =>
              unit.push({ type: "step-end", caseId: c.id, target: unit.target.name, step }),
            );
        unit.results.push(result);
        unit.push({ type: "case-end", result });
        if (options.bail && (result.status === "failed" || result.status === "errored")) internal.abort();
      }
    }
    unit.push({ type: "file-end", file: unit.file, target: unit.target.name, results: unit.results });
  };

  // Serialise per target; bound overall concurrency; release events in plan order.
  const limit = Math.max(1, options.parallel ?? 1);
  let next = 0;
  let released = 0;
  const finished = new Array<boolean>(units.length).fill(false);
  const flush = () => {
    while (released < units.length && finished[released]) {
      released++;
      const head = units[released];
      if (!head) break;
      for (const e of head.events) emit(e);
      head.events = [];
      head.live = true;
    }
  };
  const worker = async () => {
    while (next < units.length) {
      const k = next++;
      const unit = units[k]!;
      const previous = locks.get(unit.target) ?? Promise.resolve();
      const mine = previous.then(() => runUnit(unit));
      locks.set(
        unit.target,
        mine.catch(() => {}),
      );
      try {
        await mine;
      } catch (error) {
        errors.push(`internal error running ${unit.file} on ${unit.target.name}: ${messageOf(error)}`);
      }
      finished[k] = true;
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, units.length) }, worker));

  // Teardown: dispose every prepared target once, in reverse order, whatever happened.
  const disposed = new Set<Target>();
  for (const p of [...prepared].reverse()) {
    if (disposed.has(p.target)) continue;
    disposed.add(p.target);
    try {
      await withTimeout(p.target.dispose(p.ctx), options.stepTimeoutMs, "dispose");
    } catch (error) {
      errors.push(`disposing ${p.target.name} failed: ${messageOf(error)}`);
    }
  }
  options.signal?.removeEventListener("abort", onAbort);

  const cases = units.flatMap((u) => u.results);
  const summaries = Object.fromEntries(
    targetNames.map((t) => [t, summarize(cases.filter((c) => c.target === t))]),
  );
  const result: RunResult = {
    seed: options.seed,
    targets: targetNames,
    cases,
    summaries,
    durationMs: now() - started,
    aborted: internal.signal.aborted,
    errors,
  };
  emit({ type: "run-end", result });
  return result;
}

async function runCase(
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
  const done = (status: CaseStatus, message?: string, span = c.span, reasons: string[] = []) =>
    caseResult(c, target.name, status, now() - started, steps, message, span, reasons);
  if (c.skip !== undefined) return done("skipped", c.skip);
  const timeout = options.stepTimeoutMs;
  const faults: string[] = [];
  let outcome: CaseResult | undefined;
  try {
    await withTimeout(target.reset(setup, ctx), timeout, "reset");
    for (const step of c.steps) {
      if (ctx.signal.aborted) {
        outcome = done("errored", "run interrupted", step.span);
        break;
      }
      const stepStart = now();
      const record: StepRecord = { span: step.span, type: step.type, durationMs: 0 };
      let failed: Failure | undefined;
      try {
        if (step.type === "expect" && options.dryRun)
          await withTimeout(target.probe(step.probe, ctx), timeout, "expect").catch(() => undefined);
        else if (step.type === "expect") failed = await runExpect(step, target, ctx, record, timeout);
        else await withTimeout(runAction(step, target, ctx, options, faults), timeout, step.type);
      } catch (error) {
        failed = { status: statusOf(error), message: messageOf(error), reasons: [] };
      }
      record.durationMs = now() - stepStart;
      steps.push(record);
      onStep(record);
      if (failed) {
        outcome = done(failed.status, failed.message, failed.span ?? step.span, failed.reasons);
        if (faults.length && failed.status !== "skipped") outcome.activeFaults = [...faults];
        break;
      }
    }
  } catch (error) {
    outcome = done(statusOf(error), messageOf(error));
  }
  // Heal what the case broke, newest fault first, even when the case failed.
  for (const name of faults.reverse()) {
    try {
      await withTimeout(target.heal(name, ctx), timeout, "heal");
    } catch (error) {
      if (!outcome || outcome.status === "passed")
        outcome = done("errored", `healing fault ${name} failed: ${messageOf(error)}`);
    }
  }
  return outcome ?? (options.dryRun ? done("skipped", "dry run: printed, not run") : done("passed"));
}

async function runAction(
  step: Step,
  target: Target,
  ctx: TargetContext,
  options: RunOptions,
  faults: string[],
): Promise<void> {
  switch (step.type) {
    case "apply":
      return target.apply(manifestsOf(step.source), ctx);
    case "delete":
      return target.delete(step.target, ctx);
    case "label":
    case "annotate":
      return target.label(
        step.target,
        {
          annotate: step.type === "annotate",
          podTemplate: step.podTemplate ?? false,
          set: step.set,
          remove: step.remove,
        },
        ctx,
      );
    case "patch":
      return target.patch(step.target, step.ops, ctx);
    case "scale":
      return target.scale(step.target, step.replicas, ctx);
    case "fault": {
      const caps = target.capabilities().faults[step.name];
      if (caps !== true)
        throw new TargetError(
          typeof caps === "string" ? caps : `target ${target.name} cannot inject fault ${step.name}`,
          "unsupported",
        );
      // `file=PATH` arguments (corefile-edit) arrive read by the loader, as `text=`.
      await target.fault(step.name, step.args, ctx);
      faults.push(step.name);
      return;
    }
    case "heal": {
      await target.heal(step.name, ctx);
      const k = faults.lastIndexOf(step.name);
      if (k >= 0) faults.splice(k, 1);
      return;
    }
    case "wait":
      return target.wait(step.ms, ctx);
    case "expect":
      throw new Error("expect steps are run by runExpect");
  }
}

/** The texts of an apply source: inline, or read by the loader (dsl/files.ts) into the Plan. */
function manifestsOf(source: Extract<Step, { type: "apply" }>["source"]): ManifestText[] {
  return source.kind === "inline" ? [source.manifest] : source.manifests;
}

interface Failure {
  status: CaseStatus;
  message: string;
  reasons: string[];
  /** The matcher (or divergence) to point at. */
  span?: Span;
}

async function runExpect(
  step: ExpectStep,
  target: Target,
  ctx: TargetContext,
  record: StepRecord,
  timeout: number | undefined,
): Promise<Failure | undefined> {
  let matchers = step.matchers;
  const divergence = step.divergences.find(
    (d) => d.target === target.name && Object.entries(d.params).every(([k, v]) => target.params[k] === v),
  );
  if (divergence) {
    record.divergence = {
      target: divergence.target,
      reason: divergence.reason,
      skip: divergence.skip ?? false,
    };
    if (divergence.skip)
      return {
        status: "skipped",
        message: `known divergence on ${target.name}: ${divergence.reason}`,
        reasons: [],
        span: divergence.span,
      };
    matchers = divergence.matchers ?? matchers;
  }
  // `because` judges the reference engine's reasons; other targets do not report any, so those
  // matchers are left out there (and an expectation made only of them is skipped).
  if (!target.capabilities().reasons && matchers.some((m) => m.subject === "because")) {
    matchers = matchers.filter((m) => m.subject !== "because");
    if (!matchers.length)
      return {
        status: "skipped",
        message: `\`because\` judges the reference engine's reasons, which ${target.name} does not report`,
        reasons: [],
      };
  }
  const support = target.capabilities().probes[step.probe.kind];
  if (support !== true) {
    const why =
      typeof support === "string"
        ? support
        : `target ${target.name} cannot observe ${step.probe.kind} probes`;
    return { status: "skipped", message: why, reasons: [] };
  }
  // Targets see the texts of `expect apply` (read by the loader), like an apply step's.
  const probe =
    step.probe.kind === "apply" ? { ...step.probe, manifests: manifestsOf(step.probe.source) } : step.probe;
  const obs = await withTimeout(target.probe(probe, ctx), timeout, `expect ${step.probe.kind}`);
  record.observation = obs;
  const verdicts: Verdict[] = [];
  if (step.probe.kind === "reach") {
    if (obs.kind !== "reach")
      throw new TargetError(`target returned a ${obs.kind} observation for a reach probe`, "internal");
    const pods = step.probe.pods.map((p) => `${p.namespace ?? "default"}/${p.name}`);
    verdicts.push(judgeReach(step.probe.expected, pods, obs));
  }
  for (const m of matchers) verdicts.push(await evaluateMatcher(m, obs, (v) => target.resolve(v, ctx)));
  record.verdicts = verdicts;
  const reasons = "reasons" in obs ? obs.reasons : [];
  const spanOf = (v: Verdict) =>
    matchers[verdicts.indexOf(v) - (verdicts.length - matchers.length)]?.span ?? step.span;
  const broken = verdicts.find((v) => v.error);
  if (broken) return { status: "errored", message: broken.error!, reasons, span: spanOf(broken) };
  const bad = verdicts.find((v) => !v.ok);
  if (bad)
    return {
      status: "failed",
      message: `expected ${bad.subject} ${bad.expected}, got ${bad.actual}`,
      reasons,
      span: spanOf(bad),
    };
  return undefined;
}

function caseResult(
  c: PlanCase,
  target: string,
  status: CaseStatus,
  durationMs: number,
  steps: StepRecord[],
  message?: string,
  span = c.span,
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

function statusOf(error: unknown): CaseStatus {
  return error instanceof TargetError && error.kind === "unsupported" ? "skipped" : "errored";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  const limit = ms ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TargetError(`${what} timed out after ${limit / 1000}s`, "internal")),
      limit,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A reporter that throws must never break the run: report the first error once and carry on. */
function safeEmitter(
  onEvent: ((e: RunEvent) => void) | undefined,
  warn: (line: string) => void,
): (e: RunEvent) => void {
  let reported = false;
  return (e) => {
    if (!onEvent) return;
    try {
      onEvent(e);
    } catch (error) {
      if (!reported) {
        reported = true;
        warn(`netspec: a reporter failed and was ignored: ${messageOf(error)}`);
      }
    }
  };
}
