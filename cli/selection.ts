/**
 * Which tests a command works on, one rule for `list` and `run`: `file:line` arguments (the test
 * whose block holds the line, or every test of the suite whose block holds it), then `--tags`
 * (`a,b` any of them, `!x` none tagged x), `--grep` on `suite › test` and `--shard i/n`, the
 * runner's own case filter (runner/filter.ts), applied to what the lines left.
 */
import type { Plan, PlanCase, PlanSuite } from "../dsl/index.js";
import { parseShard, selectCases, type CaseFilter } from "../runner/index.js";
import { UsageError } from "./usage-error.js";

export interface SelectionFlags {
  tags?: string;
  grep?: string;
  shard?: string;
}

/** The flags as the runner's case filter; usage errors for malformed values. */
export function caseFilter(flags: SelectionFlags): CaseFilter {
  let grep: RegExp | undefined;
  if (flags.grep !== undefined) {
    try {
      grep = new RegExp(flags.grep);
    } catch (error) {
      throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.shard !== undefined && !shard)
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, got "${flags.shard}"`);
  const tags = flags.tags
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  return { ...(tags?.length ? { tags } : {}), ...(grep ? { grep } : {}), ...(shard ? { shard } : {}) };
}

const holds = (s: { line: number; endLine: number }, line: number) => s.line <= line && line <= s.endLine;

/** The cases of `suite` that the `file:line` arguments pick (all of them when the file has none). */
function byLine(suite: PlanSuite, lines: number[] | undefined): PlanCase[] {
  if (!lines) return suite.cases;
  return suite.cases.filter((c) =>
    lines.some(
      (l) => holds(c.span, l) || (holds(suite.span, l) && !suite.cases.some((o) => holds(o.span, l))),
    ),
  );
}

/** The plan with only the selected cases (suites and files left empty are dropped). */
export function selectPlan(plan: Plan, filter: CaseFilter, lines: Map<string, number[]>): Plan {
  const picked = plan.files.map((f) => ({
    ...f,
    suites: f.suites.map((s) => ({ ...s, cases: byLine(s, lines.get(f.file)) })),
  }));
  const keep = new Set(
    selectCases(
      picked.flatMap((f) => f.suites.flatMap((s) => s.cases)),
      filter,
    ),
  );
  return {
    files: picked
      .map((f) => ({
        ...f,
        suites: f.suites
          .map((s) => ({ ...s, cases: s.cases.filter((c) => keep.has(c)) }))
          .filter((s) => s.cases.length > 0),
      }))
      .filter((f) => f.suites.length > 0),
  };
}

/** How many cases a plan holds. */
export function caseCount(plan: Plan): number {
  return plan.files.reduce((n, f) => n + f.suites.reduce((m, s) => m + s.cases.length, 0), 0);
}
