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
import { judgeVariation } from "./variation.js";
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
    const replies = "replies" in obs && obs.replies ? (obs.replies as Observation[]) : undefined;
    if (matcher.op === "varies" || matcher.op === "steady")
      return { ...base, ...judgeVariation(matcher, replies ?? [obs], read) };
    const one = (o: Observation) => {
      const custom = table.judges?.[matcher.subject];
      return custom
        ? custom(matcher, o, resolveValue)
        : judge(matcher, read(o), () => table.describeFalse?.(o) ?? "false", resolveValue);
    };
    if (!replies) return { ...base, ...(await one(obs)) };
    // `repeat N`: the matcher holds for every reply; the first that breaks it is the verdict.
    let last: Omit<Verdict, "subject"> | undefined;
    for (const [k, o] of replies.entries()) {
      last = await one(o);
      if (!last.ok)
        return { ...base, ...last, actual: `reply ${k + 1} of ${replies.length}: ${last.actual}` };
    }
    return { ...base, ...last! };
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
