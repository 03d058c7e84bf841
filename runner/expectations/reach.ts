/**
 * Reach tables: the expected matrix against the observed one, with the diff printed like the upstream
 * NetworkPolicy e2e (test/e2e/network/netpol/truthtable.go): expected, observed, and a comparison where
 * `.` is agreement and `X` a disagreement.
 */
import type { ReachObs } from "../observation.js";
import type { Verdict } from "./evaluate.js";

export function judgeReach(expected: (boolean | null)[][], pods: string[], obs: ReachObs): Verdict {
  const names = pods.length ? pods : obs.pods;
  const index = names.map((p) => obs.pods.indexOf(p));
  const observed = index.map((r) =>
    index.map((c) => (r < 0 || c < 0 ? null : (obs.allowed[r]?.[c] ?? null))),
  );
  let ok = true;
  const comparison = expected.map((row, r) =>
    row.map((want, c) => {
      if (want === null) return null;
      const got = observed[r]?.[c];
      const same = got === want;
      if (!same) ok = false;
      return same;
    }),
  );
  const cell = (v: boolean | null, t: string, f: string) => (v === null ? "-" : v ? t : f);
  const table = (m: (boolean | null)[][], t: string, f: string) =>
    formatTable(
      names,
      m.map((row) => row.map((v) => cell(v, t, f))),
    );
  return {
    subject: "reach",
    ok,
    expected: `\n${table(expected, ".", "X")}`,
    actual: `\n${table(observed, ".", "X")}\ncomparison:\n${table(comparison, ".", "X")}`,
  };
}

function formatTable(names: string[], cells: string[][]): string {
  const width = Math.max(1, ...names.map((n) => n.length));
  const header = `${" ".repeat(width)} ${names.map((n) => n.padEnd(width)).join(" ")}`.trimEnd();
  const rows = cells.map((row, r) =>
    `${(names[r] ?? "").padEnd(width)} ${row.map((c) => c.padEnd(width)).join(" ")}`.trimEnd(),
  );
  return [header, ...rows].join("\n");
}
