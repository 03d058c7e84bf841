/** Case selection: --tags, --grep and --shard. */
import type { PlanCase } from "../dsl/index.js";

export interface CaseFilter {
  /** `a,b`: runs when the case has any of them; `!x` excludes cases tagged x. */
  tags?: string[];
  /** Tested against `suite › test`. */
  grep?: RegExp;
  /** 1-based shard index and count: case number k (in plan order) belongs to shard (k mod n) + 1. */
  shard?: { index: number; count: number };
}

export function selectCases(cases: PlanCase[], filter: CaseFilter): PlanCase[] {
  const include = (filter.tags ?? []).filter((t) => !t.startsWith("!"));
  const exclude = (filter.tags ?? []).filter((t) => t.startsWith("!")).map((t) => t.slice(1));
  return cases.filter((c, k) => {
    if (exclude.some((t) => c.tags.includes(t))) return false;
    if (include.length && !include.some((t) => c.tags.includes(t))) return false;
    if (filter.grep && !filter.grep.test(`${c.suite} › ${c.name}`)) return false;
    if (filter.shard && k % filter.shard.count !== filter.shard.index - 1) return false;
    return true;
  });
}

/** Parses `i/n` (1 ≤ i ≤ n); returns undefined when malformed. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]),
    count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}
