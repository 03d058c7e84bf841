/**
 * Matchers: one statement each in an expect block (or a divergence's), `SUBJECT [FORM]`. The forms are
 * tried in order, the first that fits the items compiles the matcher; the runner interprets the
 * subject per probe kind (runner/expectations/).
 */
import type { Statement } from "../ast.js";
import type { MatchOp, Matcher } from "../plan.js";
import type { Ctx } from "./context.js";
import { textOf } from "./pattern.js";
import { listOf, valueOf } from "./values.js";
import type { MatcherForm, MatcherSite } from "./matcher-form.js";
import { ORDER_FORMS } from "./matcher-forms-order.js";
import { MATCHER_RCODES } from "./vocabulary.js";

export const OPS: readonly string[] = ["==", "!=", "has", "lacks", "matches", "<", "<=", ">", ">="];

export type { MatcherForm, MatcherSite } from "./matcher-form.js";

const listKind = (m: MatcherSite) => (m.subject === "tries" ? "try" : "hop");
const isListSubject = (m: MatcherSite) => m.subject === "tries" || m.subject === "hops";

/** Subjects that hold a list of items, where `empty` reads naturally and means `count == 0`. */
const COLLECTIONS = new Set(["answer", "authority", "additional", "tries", "hops", "candidates"]);

/** In the order they are tried. */
export const MATCHER_FORMS: readonly MatcherForm[] = [
  {
    syntax: "`timeout`, `allowed`, `refused`, `rejected`, `denied`",
    compiles: '`op: "is"`, no value',
    fits: (m) => m.it.length === 0,
    compile: (m) => [{ span: m.st.$span, subject: m.subject, op: "is" }],
  },
  {
    // `answer empty` would otherwise compile as `answer is empty`, an identifier no reply holds: a
    // test that fails with "expected answer empty, got (empty)".
    syntax: "`answer empty` (refused: the form is `answer count == 0`)",
    compiles: "nothing: an error with the form to use",
    fits: (m) => m.fw === "empty" && m.it.length === 1 && COLLECTIONS.has(m.subject),
    compile: (m) => {
      m.ctx.session.error(
        "check/invalid-matcher",
        `\`${m.subject} empty\` is not a matcher`,
        m.st.$span,
        `write \`${m.subject} count == 0\``,
      );
      return [];
    },
  },
  {
    syntax: '`tries has [A "name." NXDOMAIN, ...]` / `hops lacks [...]`',
    compiles: "one matcher per listed try / hop (`has`, `lacks`), else the whole list",
    fits: (m) => !!m.opAt(0) && isListSubject(m) && m.it.length === 2,
    compile: (m) => {
      const op = m.opAt(0)!;
      const list = listOf(m.it[1]!, listKind(m), m);
      const span = m.st.$span;
      if (op !== "has" && op !== "lacks") return [{ span, subject: m.subject, op, value: list }];
      const items = list.kind === "list" ? list.items : [];
      return items.map((value) => ({ span, subject: m.subject, op, value }));
    },
  },
  {
    syntax: "`answer == VALUE` (`== != has lacks matches < <= > >=`)",
    compiles: "`{subject, op, value}`",
    fits: (m) => !!m.opAt(0),
    compile: (m) => [
      { span: m.st.$span, subject: m.subject, op: m.opAt(0)!, value: valueOf(m.it.slice(1), m) },
    ],
  },
  ...ORDER_FORMS,
  {
    syntax: "`answer count == 3`",
    compiles: '`field: "count"`',
    fits: (m) => m.fw === "count" && !!m.opAt(1),
    compile: (m) => [
      {
        span: m.st.$span,
        subject: m.subject,
        field: "count",
        op: m.opAt(1)!,
        value: valueOf(m.it.slice(2), m),
      },
    ],
  },
  {
    syntax: "`answer all ttl <= 30` (`all any none`)",
    compiles: "`quantifier, field`",
    fits: (m) =>
      (m.fw === "all" || m.fw === "any" || m.fw === "none") && m.it[1]?.$type === "Word" && !!m.opAt(2),
    compile: (m) => [
      {
        span: m.st.$span,
        subject: m.subject,
        quantifier: m.fw as "all" | "any" | "none",
        field: (m.it[1] as { value: string }).value,
        op: m.opAt(2)!,
        value: valueOf(m.it.slice(3), m),
      },
    ],
  },
  {
    syntax: '`because "text"`',
    compiles: '`op: "has"`, string value',
    fits: (m) => m.subject === "because",
    compile: (m) => {
      const text = m.it.map((x) => textOf(x) ?? "").join(" ");
      const span = m.st.$span;
      return [{ span, subject: m.subject, op: "has", value: { kind: "string", value: text, span } }];
    },
  },
  {
    syntax: "`denied by ingress`",
    compiles: '`op: "is"`, ident value',
    fits: (m) => m.subject === "denied" && m.fw === "by",
    compile: (m) => {
      const by = m.it[1];
      const span = m.st.$span;
      const value = {
        kind: "ident",
        value: by?.$type === "Word" ? by.value : "",
        span: by?.$span ?? span,
      } as const;
      return [{ span, subject: m.subject, op: "is", value }];
    },
  },
  {
    syntax: '`tries [A "name." NXDOMAIN, ...]` / `hops [...]`',
    compiles: '`op: "=="`, list of try / hop values',
    fits: isListSubject,
    compile: (m) => [
      { span: m.st.$span, subject: m.subject, op: "==", value: listOf(m.it[0]!, listKind(m), m) },
    ],
  },
  {
    syntax: "`lands-on any(pods x where pod=a)`",
    compiles: '`op: "=="`',
    fits: (m) => m.subject === "lands-on",
    compile: (m) => [{ span: m.st.$span, subject: m.subject, op: "==", value: valueOf(m.it, m) }],
  },
  {
    syntax: "`rcode NXDOMAIN`, `phase Pending`, `source hosts`",
    compiles: '`op: "is"`, ident value',
    fits: () => true,
    compile: identMatcher,
  },
];

function identMatcher(m: MatcherSite): Matcher[] {
  const first = m.it[0]!;
  const session = m.ctx.session;
  if (m.subject === "rcode" && m.fw && !MATCHER_RCODES.includes(m.fw))
    session.unknown("check/unknown-rcode", "rcode", m.fw, first.$span, MATCHER_RCODES);
  if (!m.fw || m.it.length > 1) {
    session.error(
      "check/invalid-matcher",
      `expected \`${m.subject} OP VALUE\` (OP one of ${OPS.join(" ")})`,
      m.st.$span,
    );
    return [];
  }
  return [
    {
      span: m.st.$span,
      subject: m.subject,
      op: "is",
      value: { kind: "ident", value: m.fw, span: first.$span },
    },
  ];
}

/**
 * The matchers of a block for a probe of `kind`; `subjects` are the ones it observes ("unchecked":
 * any, as for reach, whose block is its table).
 */
export function compileMatchers(
  block: readonly Statement[],
  kind: string,
  subjects: readonly string[] | "unchecked",
  ctx: Ctx,
): Matcher[] {
  const out: Matcher[] = [];
  for (const st of block) {
    if (subjects !== "unchecked" && !subjects.includes(st.head)) {
      ctx.session.unknown(
        "check/unknown-subject",
        `matcher subject for ${kind}`,
        st.head,
        st.headSpan,
        subjects,
      );
      continue;
    }
    const it = st.items;
    const site: MatcherSite = {
      st,
      ctx,
      subject: st.head,
      it,
      fw: it[0]?.$type === "Word" ? it[0].value : undefined,
      opAt: (i) => {
        const x = it[i];
        const v = x?.$type === "Op" || x?.$type === "Word" ? x.value : undefined;
        return v && OPS.includes(v) ? (v as MatchOp) : undefined;
      },
    };
    out.push(...MATCHER_FORMS.find((f) => f.fits(site))!.compile(site));
  }
  return out;
}
