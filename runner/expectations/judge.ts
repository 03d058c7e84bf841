/** Judging flag and scalar subjects (lists are judge-list.ts). */
import type { Matcher } from "../../dsl/index.js";
import { compareScalar, quote } from "./compare.js";
import type { Subject, ValueResolver, Verdict } from "./subject.js";
import { flatStrings } from "./values.js";

type Judged = Omit<Verdict, "subject">;

export async function judgeFlag(
  m: Matcher,
  subject: Extract<Subject, { kind: "flag" }>,
  describeFalse: () => string,
  resolveValue: ValueResolver,
): Promise<Judged> {
  if (m.value === undefined)
    return { ok: subject.value, expected: m.subject, actual: subject.value ? m.subject : describeFalse() };
  const want = (await flatStrings(m.value, resolveValue))[0];
  const ok = compareScalar(m.op, String(subject.value), want ?? "true");
  return { ok, expected: `${m.op} ${want}`, actual: String(subject.value) };
}

export async function judgeScalar(
  m: Matcher,
  subject: Extract<Subject, { kind: "scalar" }>,
  resolveValue: ValueResolver,
): Promise<Judged> {
  if (m.field) throw new Error(`"${m.subject}" has no field "${m.field}"`);
  const actual = subject.value === undefined ? "(none)" : String(subject.value);
  if (!m.value) throw new Error(`"${m.subject}" needs a value`);
  const wanted = await flatStrings(m.value, resolveValue);
  if (m.op === "matches") {
    const ok = subject.value !== undefined && new RegExp(wanted[0] ?? "").test(actual);
    return { ok, expected: `matches /${wanted[0]}/`, actual };
  }
  if (m.op === "has" || m.op === "lacks") {
    const hit = subject.value !== undefined && wanted.every((w) => actual.includes(w));
    return { ok: m.op === "has" ? hit : !hit, expected: `${m.op} ${wanted.map(quote).join(", ")}`, actual };
  }
  // A set of candidates (`cluster-ip(...)`) compares equal when the observed value is one of them.
  const ok =
    subject.value !== undefined &&
    (m.op === "==" || m.op === "is"
      ? wanted.includes(actual)
      : m.op === "!="
        ? !wanted.includes(actual)
        : compareScalar(m.op, actual, wanted[0] ?? ""));
  return { ok, expected: `${m.op === "is" ? "==" : m.op} ${wanted.join(", ")}`, actual };
}

/** `because "..."`: the target's reasons (engine explanations) mention every given text. */
export async function judgeBecause(
  m: Matcher,
  obs: { reasons: string[] },
  resolveValue: ValueResolver,
): Promise<Judged> {
  const wanted = m.value ? await flatStrings(m.value, resolveValue) : [];
  const ok = wanted.every((w) => obs.reasons.some((r) => r.includes(w)));
  return {
    ok: m.op === "lacks" ? !ok : ok,
    expected: wanted.map(quote).join(", "),
    actual: obs.reasons.join("; ") || "(no reasons)",
  };
}
