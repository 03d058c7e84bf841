/**
 * Judges one Matcher against one Observation. Subjects are read through the observation kind's table
 * (subjects/); symbolic values arrive already resolved to strings through `resolveValue` so the same
 * judgement applies to every target.
 */
import type { Matcher } from "../../dsl/index.js";
import type { Observation } from "../observation.js";
import { judgeFlag, judgeScalar } from "./judge.js";
import { judgeList } from "./judge-list.js";
import type { Subject, SubjectTable, ValueResolver, Verdict } from "./subject.js";
import { SUBJECTS } from "./subjects/index.js";

export type { Verdict, ValueResolver } from "./subject.js";

export async function evaluateMatcher(
  matcher: Matcher,
  obs: Observation,
  resolveValue: ValueResolver,
): Promise<Verdict> {
  const base = { subject: describeMatcher(matcher) };
  const table = SUBJECTS[obs.kind] as SubjectTable<Observation>;
  const read = table.subjects[matcher.subject];
  if (!read) {
    const error =
      table.unknown?.(matcher.subject) ??
      `unknown subject "${matcher.subject}" for a ${obs.kind} expectation`;
    return { ...base, ok: false, expected: "", actual: "", error };
  }
  try {
    const custom = table.judges?.[matcher.subject];
    const judged = custom
      ? await custom(matcher, obs, resolveValue)
      : await judge(matcher, read(obs), () => table.describeFalse?.(obs) ?? "false", resolveValue);
    return { ...base, ...judged };
  } catch (error) {
    return {
      ...base,
      ok: false,
      expected: "",
      actual: "",
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

function judge(m: Matcher, subject: Subject, describeFalse: () => string, resolveValue: ValueResolver) {
  if (subject.kind === "flag") return judgeFlag(m, subject, describeFalse, resolveValue);
  if (subject.kind === "scalar") return judgeScalar(m, subject, resolveValue);
  return judgeList(m, subject, resolveValue);
}

export function describeMatcher(m: Matcher): string {
  const parts = [m.subject];
  if (m.quantifier) parts.push(m.quantifier);
  if (m.field) parts.push(m.field);
  return parts.join(" ");
}
