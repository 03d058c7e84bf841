/**
 * runPlan: Plan × targets → results. Scheduling (run/schedule.ts), one file on one target
 * (run/run-unit.ts → run-case.ts → steps.ts / run-expect.ts) and teardown (run/teardown.ts) are
 * each their own module; this joins them and builds the result.
 */
import type { Plan } from "../dsl/index.js";
import type { RunEvent } from "./events.js";
import { selectCases } from "./filter.js";
import { paritySummary, parityTable } from "./parity/index.js";
import { summarize, type RunResult } from "./result.js";
import { messageOf, Prepared, runUnit, schedule, unitsOf, type RunOptions } from "./run/index.js";
import type { TargetContext } from "./targets/index.js";

export type { RunOptions } from "./run/index.js";

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
  const files = plan.files.map((f) => f.file);
  const totalCases = selected.size * options.targets.length;
  emit({ type: "run-start", files, targets: targetNames, totalCases, seed: options.seed });

  const ctx: TargetContext = {
    seed: options.seed,
    workDir: options.workDir ?? ".netspec",
    signal: internal.signal,
    log: options.log ?? (() => {}),
  };
  const prepared = new Prepared();
  const units = unitsOf(plan.files, options.targets, emit);
  const onCase = (r: { status: string }) => {
    if (options.bail && (r.status === "failed" || r.status === "errored")) internal.abort();
  };
  const unitRun = { ctx, options, selected, prepared, now, onCase };
  const errors = await schedule(units, options.parallel ?? 1, (u) => runUnit(u, unitRun), emit);
  errors.push(...(await prepared.disposeAll(options.stepTimeoutMs)));
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
  if (targetNames.length > 1) {
    result.parity = parityTable(result);
    result.paritySummary = paritySummary(result.parity);
  }
  emit({ type: "run-end", result });
  return result;
}

/** A listener that throws must never break the run: report the first error once and carry on. */
function safeEmitter(
  onEvent: ((e: RunEvent) => void) | undefined,
  warn: (line: string) => void,
): (e: RunEvent) => void {
  let reported = false;
  return (e) => {
    try {
      onEvent?.(e);
    } catch (error) {
      if (!reported) warn(`netspec: a reporter failed and was ignored: ${messageOf(error)}`);
      reported = true;
    }
  };
}
