/**
 * Markdown for a CI job summary (`--reporter markdown:FILE`, e.g. `$GITHUB_STEP_SUMMARY`): totals per
 * target, the conformance matrix (tests × targets) when several targets ran, and each failure with its
 * location, message and the engine's reasons.
 */
import type { Span } from "../dsl/index.js";
import type { CaseResult, RunResult } from "../runner/index.js";
import {
  disagreementBlocks,
  disagreements,
  paritySummaryText,
  sideBySide,
  VERDICT_MARK,
} from "./parity-text.js";

const ICON: Record<CaseResult["status"], string> = {
  passed: "✅",
  failed: "❌",
  errored: "⚠️",
  skipped: "⏭️",
};

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(result: RunResult): string {
  const out: string[] = ["## netspec results", ""];
  out.push("| target | passed | failed | errored | skipped |", "| --- | ---: | ---: | ---: | ---: |");
  for (const t of result.targets) {
    const s = result.summaries[t] ?? { passed: 0, failed: 0, errored: 0, skipped: 0 };
    out.push(`| ${cell(t)} | ${s.passed} | ${s.failed} | ${s.errored} | ${s.skipped} |`);
  }
  out.push(
    "",
    `seed ${result.seed}${result.aborted ? " — **run stopped early** (interrupted or --bail)" : ""}`,
    "",
  );
  if (result.parity) {
    out.push("### Conformance matrix", "", paritySummaryText(result.paritySummary), "");
    out.push(
      `| | test | ${result.targets.map(cell).join(" | ")} |`,
      `| :---: | --- | ${result.targets.map(() => ":---:").join(" | ")} |`,
    );
    for (const row of result.parity) {
      const icons = result.targets.map((t) => {
        const c = row.cells[t];
        return c ? ICON[c.status] : "—";
      });
      out.push(
        `| ${VERDICT_MARK[row.verdict]} | ${cell(`${row.file} › ${row.suite} › ${row.test}`)} | ${icons.join(" | ")} |`,
      );
    }
    out.push("", "`=` agree · `≠` disagree · `≈` known divergence · `?` not comparable", "");
    const differing = disagreements(result);
    if (differing.length) {
      out.push(`### Disagreements (${differing.length})`, "");
      for (const row of differing) {
        out.push(`#### ${cell(row.suite)} › ${cell(row.test)} (${row.file})`, "");
        for (const block of disagreementBlocks(row, result.targets))
          out.push(cell(block.title), "", "```", ...sideBySide(block.columns), "```", "");
      }
    }
  }
  const bad = result.cases.filter((c) => c.status === "failed" || c.status === "errored");
  if (bad.length) {
    out.push(`### Failures (${bad.length})`, "");
    for (const c of bad) {
      const at = c.messageSpan ?? c.span;
      out.push(
        `- ${ICON[c.status]} **${cell(c.suite)} › ${cell(c.name)}** [${c.target}] — \`${at.file}:${at.line}:${at.column}\``,
      );
      out.push(`  ${cell(c.message ?? c.status)}`);
      for (const r of c.reasons.slice(0, 5)) out.push(`  - because ${cell(r)}`);
      if (c.activeFaults?.length) out.push(`  - while faults were active: ${c.activeFaults.join(", ")}`);
    }
    out.push("");
  }
  for (const e of result.errors) out.push(`- ⚠️ ${cell(e)}`);
  return out.join("\n") + "\n";
}

/**
 * One GitHub Actions workflow command (`::error file=…,line=…,col=…,title=…::message`,
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions), escaped as the
 * runner's own toolkit escapes it (actions/toolkit packages/core/src/command.ts `escapeData` and
 * `escapeProperty`).
 */
export function workflowCommand(
  level: "error" | "warning",
  at: Span | undefined,
  title: string,
  message: string,
): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const where = at ? `file=${prop(at.file)},line=${at.line},col=${at.column},` : "";
  return `::${level} ${where}title=${prop(title)}::${esc(message)}\n`;
}

/** Annotations for failed and errored cases, so they show up on the pull request's diff. */
export function githubAnnotations(result: RunResult): string {
  return result.cases
    .filter((c) => c.status === "failed" || c.status === "errored")
    .map((c) =>
      workflowCommand(
        "error",
        c.messageSpan ?? c.span,
        `${c.suite} › ${c.name} [${c.target}]`,
        c.message ?? c.status,
      ),
    )
    .join("");
}
