/**
 * The console reporter: a live status line on a TTY (stderr), and a stable per-file / per-case
 * listing with failure frames and a per-target summary (stdout). Colour is decided by the CLI.
 */
import type { CaseResult, Reporter, RunEvent, RunResult, RunSummary } from "../runner/index.js";
import { failureText } from "./failure-text.js";
import { noPaint, type Paint } from "./frame.js";

export interface ConsoleOptions {
  out: { write(text: string): unknown };
  /** Where the live status line goes (only when `live`). */
  status?: { write(text: string): unknown };
  live: boolean;
  paint?: Paint;
  verbose?: boolean;
  /** Source texts by file (loadPlan's `sources`) for code frames. */
  sources: ReadonlyMap<string, string>;
  /** Print durations (off in golden tests). */
  timings?: boolean;
}

export function createConsoleReporter(options: ConsoleOptions): Reporter {
  const paint = options.paint ?? noPaint;
  let totalFiles = 0;
  let filesDone = 0;
  let passed = 0;
  let failed = 0;
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) options.status?.write("\r\x1b[2K");
    statusShown = false;
  };
  const showStatus = (current: string) => {
    if (!options.live || !options.status) return;
    options.status.write(
      `\r\x1b[2K[${filesDone}/${totalFiles} files] ${passed} passed, ${failed} failed  ${current}`,
    );
    statusShown = true;
  };
  const mark = (r: CaseResult) =>
    r.status === "passed"
      ? paint.green("✓")
      : r.status === "failed"
        ? paint.red("✗")
        : r.status === "errored"
          ? paint.red("!")
          : paint.yellow("-");

  return {
    name: "console",
    onEvent(event: RunEvent) {
      switch (event.type) {
        case "run-start":
          totalFiles = event.files.length * event.targets.length;
          break;
        case "case-start":
          showStatus(`${event.suite} › ${event.name}`);
          break;
        case "file-end": {
          clearStatus();
          filesDone++;
          if (event.results.length === 0) break;
          const lines = [paint.bold(`${event.file} [${event.target}]`)];
          for (const r of event.results) {
            const time = options.timings ? paint.dim(` (${Math.round(r.durationMs)}ms)`) : "";
            const why =
              r.status === "skipped" && r.message
                ? paint.dim(` (skipped: ${r.message})`)
                : r.flaky
                  ? paint.yellow(` (flaky: passed on attempt ${(r.retries?.length ?? 0) + 1})`)
                  : "";
            lines.push(`  ${mark(r)} ${r.suite} › ${r.name}${why}${time}`);
            if (
              r.status === "failed" ||
              r.status === "errored" ||
              (options.verbose && r.status === "skipped")
            )
              lines.push(indent(failureText(r, options.sources, paint), 6));
          }
          options.out.write(`${lines.join("\n")}\n`);
          break;
        }
        case "case-end":
          if (event.result.status === "passed") passed++;
          if (event.result.status === "failed" || event.result.status === "errored") failed++;
          break;
        case "run-end":
          clearStatus();
          options.out.write(`\n${summaryLines(event.result, options.timings ?? false).join("\n")}\n`);
          break;
        default:
          break;
      }
    },
  };
}

export function summaryText(s: RunSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped`;
}

export function summaryLines(result: RunResult, timings: boolean): string[] {
  const time = timings ? ` (${(result.durationMs / 1000).toFixed(1)}s)` : "";
  const lines = result.targets.map(
    (t) =>
      `${t}: ${summaryText(result.summaries[t] ?? { passed: 0, failed: 0, errored: 0, skipped: 0 })}${time}`,
  );
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
