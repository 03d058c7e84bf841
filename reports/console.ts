/**
 * The console reporters (stdout), with a live progress line on a TTY (stderr: tests done / total,
 * elapsed time, the target and test running now):
 * - `console`: every file's cases as they finish, failure frames, then a recap of every failure
 *   (file:line:col, test, one-line reason), the parity summary and disagreements, and the summary;
 * - `quiet`: only failures (with their frames), the recap and the summary;
 * - `dot`: one character per case (`.` passed, `F` failed, `E` errored, `s` skipped), then the
 *   failures, the recap and the summary.
 * Colour is decided by the CLI (NO_COLOR / FORCE_COLOR / a TTY).
 */
import type { CaseResult, Reporter, RunEvent, RunResult, RunSummary } from "../runner/index.js";
import { failureText } from "./failure-text.js";
import { location, noPaint, type Paint } from "./frame.js";
import { disagreements, paritySummaryText } from "./parity-text.js";

export interface ConsoleOptions {
  out: { write(text: string): unknown };
  /** Where the live progress line goes (only when `live`). */
  status?: { write(text: string): unknown };
  live: boolean;
  paint?: Paint;
  verbose?: boolean;
  /** Source texts by file (loadPlan's `sources`) for code frames. */
  sources: ReadonlyMap<string, string>;
  /** Print durations (off in golden tests). */
  timings?: boolean;
  style?: "console" | "quiet" | "dot";
  /** Clock for the progress line's elapsed time (ms). */
  now?: () => number;
}

const bad = (r: CaseResult) => r.status === "failed" || r.status === "errored";

export function createConsoleReporter(options: ConsoleOptions): Reporter {
  const paint = options.paint ?? noPaint;
  const style = options.style ?? "console";
  const now = options.now ?? (() => performance.now());
  const progress = new Progress(options, now);
  let dots = 0;
  const mark = (r: CaseResult) =>
    r.status === "passed"
      ? paint.green("✓")
      : r.status === "failed"
        ? paint.red("✗")
        : r.status === "errored"
          ? paint.red("!")
          : paint.yellow("-");
  const dot = (r: CaseResult) =>
    r.status === "passed"
      ? paint.green(".")
      : r.status === "failed"
        ? paint.red("F")
        : r.status === "errored"
          ? paint.red("E")
          : paint.yellow("s");

  const caseLines = (r: CaseResult): string[] => {
    const time = options.timings ? paint.dim(` (${Math.round(r.durationMs)}ms)`) : "";
    const why =
      r.status === "skipped" && r.message
        ? paint.dim(` (skipped: ${r.message})`)
        : r.flaky
          ? paint.yellow(` (flaky: passed on attempt ${(r.retries?.length ?? 0) + 1})`)
          : "";
    const lines = [`  ${mark(r)} ${r.suite} › ${r.name}${why}${time}`];
    if (bad(r) || (options.verbose && r.status === "skipped"))
      lines.push(indent(failureText(r, options.sources, paint), 6));
    return lines;
  };

  return {
    name: style,
    onEvent(event: RunEvent) {
      switch (event.type) {
        case "run-start":
          progress.start(event.totalCases);
          break;
        case "case-start":
          progress.show(`${event.target}  ${event.suite} › ${event.name}`);
          break;
        case "case-end":
          progress.done(event.result);
          if (style === "dot") {
            progress.clear();
            options.out.write(dot(event.result) + (++dots % 80 === 0 ? "\n" : ""));
          }
          break;
        case "file-end": {
          if (style === "dot") break;
          progress.clear();
          const shown = style === "quiet" ? event.results.filter(bad) : event.results;
          if (shown.length === 0) break;
          const lines = [paint.bold(`${event.file} [${event.target}]`), ...shown.flatMap(caseLines)];
          options.out.write(`${lines.join("\n")}\n`);
          break;
        }
        case "run-end": {
          progress.clear();
          const r = event.result;
          const out: string[] = [];
          if (style === "dot") {
            if (dots % 80 !== 0) out.push("");
            for (const c of r.cases.filter(bad))
              out.push(paint.bold(`${c.file} [${c.target}]`), ...caseLines(c));
          }
          out.push(...recapLines(r, paint));
          out.push("", ...summaryLines(r, options.timings ?? false));
          options.out.write(`${out.join("\n")}\n`);
          break;
        }
        default:
          break;
      }
    },
  };
}

/** The live progress line: tests done / total, elapsed, what runs now. Only on a TTY. */
class Progress {
  private total = 0;
  private doneCount = 0;
  private passed = 0;
  private failed = 0;
  private started = 0;
  private shown = false;
  constructor(
    private readonly options: ConsoleOptions,
    private readonly now: () => number,
  ) {}
  start(total: number): void {
    this.total = total;
    this.started = this.now();
  }
  done(r: CaseResult): void {
    this.doneCount++;
    if (r.status === "passed") this.passed++;
    if (bad(r)) this.failed++;
  }
  show(current: string): void {
    if (!this.options.live || !this.options.status) return;
    const s = Math.floor((this.now() - this.started) / 1000);
    const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    this.options.status.write(
      `\r\x1b[2K[${this.doneCount}/${this.total} tests] ${this.passed} passed, ${this.failed} failed  ${elapsed}  ${current}`.slice(
        0,
        200,
      ),
    );
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.options.status?.write("\r\x1b[2K");
    this.shown = false;
  }
}

/** First line of a message, shortened for one line of the recap. */
function oneLine(text: string | undefined, max = 120): string {
  const first = (text ?? "").split("\n")[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/**
 * The recap after a run: every failed or errored case on one line (where, which test, why), then
 * the tests whose targets disagree. Empty when everything passed.
 */
export function recapLines(result: RunResult, paint: Paint = noPaint): string[] {
  const failed = result.cases.filter(bad);
  const out: string[] = [];
  if (failed.length) {
    out.push("", paint.bold(`Failures (${failed.length}):`));
    for (const c of failed) {
      const why =
        c.status === "errored" && c.code ? `error[${c.code}]: ${oneLine(c.message)}` : oneLine(c.message);
      out.push(
        `  ${paint.red(c.status === "failed" ? "✗" : "!")} ${location(c.messageSpan ?? c.span)}  ${c.suite} › ${c.name} [${c.target}]  ${paint.dim(why)}`,
      );
    }
  }
  const flaky = result.cases.filter((c) => c.flaky);
  if (flaky.length) {
    out.push("", paint.bold(`Flaky (${flaky.length}), passed after a retry:`));
    for (const c of flaky)
      out.push(
        `  ${paint.yellow("~")} ${location(c.span)}  ${c.suite} › ${c.name} [${c.target}]  ${paint.dim(oneLine(c.retries?.[0]?.message))}`,
      );
  }
  const differing = disagreements(result);
  if (differing.length) {
    out.push("", paint.bold(`Disagreements between targets (${differing.length}):`));
    for (const row of differing) {
      const what = row.differences.flatMap((d) => d.differences).join("; ");
      out.push(
        `  ${paint.yellow("≠")} ${row.file}  ${row.suite} › ${row.test}  ${paint.dim(oneLine(what || row.verdict))}`,
      );
    }
  }
  return out;
}

export function summaryText(s: RunSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped`;
}

export function summaryLines(result: RunResult, timings: boolean): string[] {
  const time = timings ? ` (${(result.durationMs / 1000).toFixed(1)}s)` : "";
  const lines = result.targets.map((t) => {
    const s = result.summaries[t] ?? { passed: 0, failed: 0, errored: 0, skipped: 0 };
    const flaky = result.cases.filter((c) => c.target === t && c.flaky).length;
    return `${t}: ${summaryText(s)}${flaky ? ` (${flaky} flaky)` : ""}${time}`;
  });
  if (result.paritySummary) lines.push(paritySummaryText(result.paritySummary));
  for (const e of result.errors) lines.push(`error: ${e}`);
  if (result.aborted) lines.push("run stopped early (interrupted or --bail): cases not run are not counted");
  return lines;
}

function indent(text: string, n: number): string {
  const pad = " ".repeat(n);
  return text
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
}
