/** Truth tables as upstream e2e prints them (`.` allowed, `X` denied) and as DESIGN.md's JSON. */
import type { ReachTable } from "./types.js";

function matrix(pods: string[], cells: (boolean | null)[][], mark: (c: boolean | null) => string): string {
  const width = Math.max(...pods.map((p) => p.length), 4);
  const head = `${" ".repeat(width)} ${pods.map((p) => p.padEnd(width)).join(" ")}`;
  const rows = pods.map(
    (p, i) => `${p.padEnd(width)} ${(cells[i] ?? []).map((c) => mark(c).padEnd(width)).join(" ")}`,
  );
  return [head, ...rows].join("\n");
}

export function formatReachTable(table: ReachTable, expected?: (boolean | null)[][]): string {
  const mark = (c: boolean | null) => (c === null ? "-" : c ? "." : "X");
  if (!expected) return matrix(table.pods, table.allowed, mark);
  const comparison = table.allowed.map((row, i) =>
    row.map((c, j) => (c === null || expected[i]?.[j] === null ? null : c === expected[i]?.[j])),
  );
  return [
    "expected:",
    matrix(table.pods, expected, mark),
    "",
    "observed:",
    matrix(table.pods, table.allowed, mark),
    "",
    "comparison (X = wrong):",
    matrix(table.pods, comparison, mark),
  ].join("\n");
}

/** `{"port":80,"protocol":"TCP","pods":[...],"allowed":{"x/a":{"x/b":true,...},...}}` over distinct pairs. */
export function reachToJson(table: ReachTable, port: number | string, protocol: string) {
  const allowed: Record<string, Record<string, boolean>> = {};
  table.pods.forEach((from, i) => {
    const row: Record<string, boolean> = {};
    table.pods.forEach((to, j) => {
      if (i !== j) row[to] = table.allowed[i]?.[j] === true;
    });
    allowed[from] = row;
  });
  return { port, protocol, pods: table.pods, allowed };
}
