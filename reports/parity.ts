/**
 * The parity table of a run over several targets: per test, each target's status and the known
 * divergences that applied, and whether the targets agree (skips aside). Rendered into the JSON
 * report (`parity`) and, as a matrix, by the markdown and HTML reporters.
 */
import type { CaseResult, RunResult } from "../runner/index.js";

export interface ParityRow {
  file: string;
  suite: string;
  test: string;
  statuses: Record<string, CaseResult["status"]>;
  /** target → the known divergence annotation that applied there. */
  divergences: Record<string, string>;
  agree: boolean;
}

export function parityTable(result: RunResult): ParityRow[] {
  const rows = new Map<string, ParityRow>();
  for (const c of result.cases) {
    const k = `${c.file}::${c.suite}::${c.name}`;
    let row = rows.get(k);
    if (!row)
      rows.set(
        k,
        (row = { file: c.file, suite: c.suite, test: c.name, statuses: {}, divergences: {}, agree: true }),
      );
    row.statuses[c.target] = c.status;
    const d = c.steps.find((s) => s.divergence)?.divergence;
    if (d) row.divergences[c.target] = d.reason;
  }
  for (const row of rows.values())
    row.agree = new Set(Object.values(row.statuses).filter((s) => s !== "skipped")).size <= 1;
  return [...rows.values()];
}
