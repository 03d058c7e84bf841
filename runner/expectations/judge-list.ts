/** Judging a list subject: `count`, a quantified field, `matches`, `has`/`lacks`, set or ordered `==`. */
import type { Matcher } from "../../dsl/index.js";
import { compareScalar, fieldOf, showItem } from "./compare.js";
import type { Item, Subject, ValueResolver, Verdict } from "./subject.js";
import { expectedItems, flatStrings } from "./values.js";

type ListSubject = Extract<Subject, { kind: "list" }>;
type Judged = Omit<Verdict, "subject">;

async function first(m: Matcher, resolveValue: ValueResolver): Promise<string> {
  return m.value ? ((await flatStrings(m.value, resolveValue))[0] ?? "") : "";
}

async function judgeCount(m: Matcher, items: Item[], actualText: string, resolveValue: ValueResolver) {
  const want = m.value ? Number((await flatStrings(m.value, resolveValue))[0]) : NaN;
  const ok = compareScalar(m.op, items.length, want);
  return { ok, expected: `count ${m.op} ${want}`, actual: `count ${items.length} (${actualText})` };
}

async function judgeField(m: Matcher, items: Item[], resolveValue: ValueResolver): Promise<Judged> {
  const want = await first(m, resolveValue);
  const values = items.map((i) => fieldOf(i, m.field!));
  const test = (v: string | undefined) => v !== undefined && compareScalar(m.op, v, want);
  const q = m.quantifier ?? "all";
  const ok =
    q === "all"
      ? values.length > 0 && values.every(test)
      : q === "any"
        ? values.some(test)
        : !values.some(test);
  const actual = values.map((v) => v ?? "(none)").join(", ") || "(empty)";
  return { ok, expected: `${q} ${m.field} ${m.op} ${want}`, actual };
}

export async function judgeList(
  m: Matcher,
  subject: ListSubject,
  resolveValue: ValueResolver,
): Promise<Judged> {
  // `answer first ...`: the same judgement on the list's first item alone.
  const items = m.first ? subject.items.slice(0, 1) : subject.items;
  const actualText = items.length ? items.map(showItem).join(", ") : "(empty)";
  if (m.first && !items.length) return { ok: false, expected: `first ${m.op} …`, actual: "(empty)" };
  if (m.subject === "count" || m.field === "count") return judgeCount(m, items, actualText, resolveValue);
  if (m.field) return judgeField(m, items, resolveValue);
  if (m.op === "matches") {
    const re = new RegExp(await first(m, resolveValue));
    return {
      ok: items.some((i) => re.test(showItem(i))),
      expected: `a line matching /${re.source}/`,
      actual: actualText,
    };
  }
  if (subject.each) {
    const want = await first(m, resolveValue);
    const op = m.op === "is" ? "==" : m.op;
    const ok = items.length > 0 && items.every((t) => compareScalar(op, String(t), want));
    return { ok, expected: `every ${m.subject} ${m.op} ${want}`, actual: actualText };
  }
  if (!m.value) throw new Error(`"${m.subject}" needs a value`);
  const wanted = await expectedItems(m.value, resolveValue);
  const expectedText = wanted.map((w) => w.text).join(", ") || "(empty)";
  const seen = (w: (typeof wanted)[number]) => items.some((i) => w.test(i));
  switch (m.op) {
    case "has":
      return { ok: wanted.every(seen), expected: `has ${expectedText}`, actual: actualText };
    case "lacks":
      return { ok: wanted.every((w) => !seen(w)), expected: `lacks ${expectedText}`, actual: actualText };
    case "==":
    case "is":
    case "!=": {
      // The first item compares like a scalar: equal when it is one of the values given.
      const eq = m.first
        ? wanted.some((w) => w.test(items[0]!))
        : subject.ordered || m.ordered
          ? items.length === wanted.length && wanted.every((w, i) => w.test(items[i]!))
          : // Order-insensitive set equality: every expected item observed and every observed item expected.
            wanted.every(seen) && items.every((i) => wanted.some((w) => w.test(i)));
      return {
        ok: m.op === "!=" ? !eq : eq,
        expected: `${m.op === "!=" ? "!= " : ""}${m.ordered ? "in order " : ""}${expectedText}`,
        actual: actualText,
      };
    }
    default:
      throw new Error(`operator "${m.op}" does not apply to the list "${m.subject}"`);
  }
}
