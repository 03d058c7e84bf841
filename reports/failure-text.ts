/**
 * One failed/errored case as text: message, code frame, expected/actual, observation, reasons,
 * evidence from real targets, earlier attempts of a retried case and the faults that were active.
 */
import type { CaseResult } from "../runner/index.js";
import { codeFrame, noPaint, type Paint } from "./frame.js";
import { formatObservation } from "./observation-text.js";

export function failureText(
  result: CaseResult,
  sources: ReadonlyMap<string, string>,
  paint: Paint = noPaint,
): string {
  const out: string[] = [];
  const head =
    result.status === "failed"
      ? paint.red("expectation failed")
      : result.status === "errored"
        ? paint.red(result.code ? `error[${result.code}]` : "error")
        : paint.yellow("skipped");
  out.push(`${head}: ${result.message ?? result.status}`);
  const span = result.messageSpan ?? result.span;
  out.push(codeFrame(span, sources.get(span.file), paint));
  const last = result.steps[result.steps.length - 1];
  const bad = last?.verdicts?.find((v) => !v.ok && !v.error);
  if (bad) {
    out.push(`  ${paint.green("expected:")} ${bad.subject} ${indentTail(bad.expected)}`);
    out.push(`  ${paint.red("actual:  ")} ${indentTail(bad.actual)}`);
  }
  if (last?.observation && result.status === "failed") {
    out.push("  observed:");
    for (const line of formatObservation(last.observation)) out.push(`    ${line}`);
  }
  if (last?.divergence && !last.divergence.skip)
    out.push(`  note: known divergence on ${last.divergence.target} applied: ${last.divergence.reason}`);
  for (const r of result.reasons) out.push(`  ${paint.dim("because")} ${r}`);
  for (const e of result.evidence ?? []) {
    out.push(`  ${paint.dim(e.title)}`);
    for (const line of e.text.split("\n").slice(-30)) out.push(`    ${line}`);
  }
  if (result.retries?.length) {
    out.push(`  ${paint.dim(result.flaky ? "flaky: earlier attempts" : "earlier attempts")}`);
    result.retries.forEach((a, i) =>
      out.push(`    ${i + 1}. ${a.status}: ${(a.message ?? a.status).split("\n")[0]}`),
    );
  }
  if (result.activeFaults?.length)
    out.push(`  ${paint.dim("while faults were active:")} ${result.activeFaults.join(", ")}`);
  return out.join("\n");
}

function indentTail(text: string): string {
  return text.replace(/\n/g, "\n    ");
}
