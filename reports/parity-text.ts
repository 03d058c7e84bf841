/**
 * The parity table for people: the verdict marks of the conformance matrix, the counts, and each
 * disagreement with every target's observation side by side (dig-style for DNS, tables for reach).
 */
import type { ParityRow, ParitySummary, RunResult } from "../runner/index.js";
import { formatObservation } from "./observation-text.js";

export const VERDICT_MARK: Record<ParityRow["verdict"], string> = {
  agree: "=",
  disagree: "≠",
  "known-divergence": "≈",
  "not-comparable": "?",
};

export function paritySummaryText(s: ParitySummary | undefined): string {
  if (!s) return "";
  return `parity: ${s.agree} agree, ${s.disagree} disagree, ${s.knownDivergence} known divergence, ${s.notComparable} not comparable (a skip or an error on any target)`;
}

/** Each target's observation of each differing expectation, in columns (one block per target). */
export function disagreementBlocks(
  row: ParityRow,
  targets: string[],
): { title: string; columns: { target: string; lines: string[] }[] }[] {
  return row.differences.map((d) => ({
    title: `expectation ${d.expectation} (line ${d.line}): ${d.differences.join("; ")}`,
    columns: targets.map((t) => ({
      target: t,
      lines: d.observations[t] ? formatObservation(d.observations[t]!) : ["(not observed)"],
    })),
  }));
}

/** Two or more columns of lines printed side by side, padded to the widest line of each. */
export function sideBySide(columns: { target: string; lines: string[] }[]): string[] {
  const widths = columns.map((c) => Math.max(c.target.length, ...c.lines.map((l) => l.length)));
  const height = Math.max(...columns.map((c) => c.lines.length));
  const row = (cells: string[]) =>
    cells
      .map((x, i) => x.padEnd(widths[i]!))
      .join(" │ ")
      .trimEnd();
  const out = [row(columns.map((c) => c.target)), row(widths.map((w) => "─".repeat(w)))];
  for (let i = 0; i < height; i++) out.push(row(columns.map((c) => c.lines[i] ?? "")));
  return out;
}

export function disagreements(result: RunResult): ParityRow[] {
  return (result.parity ?? []).filter((r) => r.verdict === "disagree" || r.verdict === "known-divergence");
}
