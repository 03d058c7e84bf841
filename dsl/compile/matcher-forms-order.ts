/**
 * Matcher forms about a list's order and a reply's fields: `answer in order == [...]`,
 * `answer first type == CNAME`, `answer order varies` (over `repeat N`), `soa serial == 12`,
 * `edns udp == 1232`. They sit in MATCHER_FORMS after the plain `SUBJECT OP VALUE` form.
 */
import type { Matcher } from "../plan.js";
import type { MatcherForm, MatcherSite } from "./matcher-form.js";
import { valueOf } from "./values.js";

/** The subjects whose items come in an order worth asserting (the reply's sections, the resolver's addresses). */
const ORDERED_SUBJECTS = ["answer", "authority", "additional"];
/** Subjects read as one record or option with named fields. */
const FIELD_SUBJECTS = ["soa", "edns"];
const NOT_FIELDS = ["count", "all", "any", "none", "first", "in", "order"];

const wordAt = (m: MatcherSite, i: number) => {
  const x = m.it[i];
  return x?.$type === "Word" ? x.value : undefined;
};

function orderedOnly(m: MatcherSite, what: string): boolean {
  if (ORDERED_SUBJECTS.includes(m.subject)) return true;
  m.ctx.session.error(
    "check/invalid-matcher",
    `\`${what}\` applies to the lists whose order is observed (${ORDERED_SUBJECTS.join(", ")}), not \`${m.subject}\``,
    m.st.$span,
  );
  return false;
}

function invalid(m: MatcherSite, form: string): Matcher[] {
  m.ctx.session.error("check/invalid-matcher", `expected \`${m.subject} ${form}\``, m.st.$span);
  return [];
}

export const ORDER_FORMS: readonly MatcherForm[] = [
  {
    syntax: "`answer in order == [VALUE, ...]` (`== !=`)",
    compiles: "`ordered: true`: position by position",
    fits: (m) => m.fw === "in",
    compile: (m) => {
      const op = m.opAt(2);
      if (wordAt(m, 1) !== "order" || (op !== "==" && op !== "!=") || m.it.length < 4)
        return invalid(m, "in order == [VALUE, ...]");
      if (!orderedOnly(m, "in order")) return [];
      return [{ span: m.st.$span, subject: m.subject, ordered: true, op, value: valueOf(m.it.slice(3), m) }];
    },
  },
  {
    syntax: "`answer order varies` / `answer first steady` (over `repeat N`)",
    compiles: '`field: "order" | "first"`, `op: "varies" | "steady"`',
    fits: (m) =>
      (m.fw === "order" || m.fw === "first") &&
      m.it.length === 2 &&
      (wordAt(m, 1) === "varies" || wordAt(m, 1) === "steady"),
    compile: (m) =>
      orderedOnly(m, `${m.fw} ${wordAt(m, 1)}`)
        ? [{ span: m.st.$span, subject: m.subject, field: m.fw, op: wordAt(m, 1) as "varies" | "steady" }]
        : [],
  },
  {
    syntax: "`answer first == VALUE` / `answer first type == CNAME`",
    compiles: "`first: true` (and a field)",
    fits: (m) => m.fw === "first",
    compile: (m) => {
      const withField = m.it[1]?.$type === "Word" && !m.opAt(1) && !!m.opAt(2);
      const op = m.opAt(withField ? 2 : 1);
      const rest = m.it.slice(withField ? 3 : 2);
      if (!op || op === "matches" || rest.length === 0) return invalid(m, "first [FIELD] OP VALUE");
      if (!orderedOnly(m, "first")) return [];
      const field = withField ? { field: wordAt(m, 1)! } : {};
      return [{ span: m.st.$span, subject: m.subject, first: true, ...field, op, value: valueOf(rest, m) }];
    },
  },
  {
    syntax: "`soa serial == 12`, `edns udp == 1232` (a field of the reply's SOA or OPT)",
    compiles: "`{subject, field, op, value}`",
    fits: (m) => FIELD_SUBJECTS.includes(m.subject) && !!m.fw && !NOT_FIELDS.includes(m.fw) && !!m.opAt(1),
    compile: (m) => [
      {
        span: m.st.$span,
        subject: m.subject,
        field: m.fw!,
        op: m.opAt(1)!,
        value: valueOf(m.it.slice(2), m),
      },
    ],
  },
];
