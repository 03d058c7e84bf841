/** `test "NAME" [skip "REASON"] { tags ...; steps }`: one case, starting with the suite's setup. */
import type { PlanCase, Step } from "../../plan.js";
import type { StepCtx, SuiteCtx } from "../context.js";
import { Cursor, keyword, named, pattern } from "../pattern.js";
import type { StatementSpec } from "../spec.js";
import { tagsOf } from "./tags.js";

const testName = named("test name", '"NAME"');
const skipWord = keyword("skip");
const skipReason = named("skip reason", '"REASON"');
/** `skip "REASON"`: the reason (empty when missing, reported), or undefined without `skip`. */
const skipClause = pattern(`[skip ${skipReason.syntax}]`, (c) =>
  skipWord.take(c) ? (skipReason.take(c) ?? "") : undefined,
);

export const testStatement: StatementSpec<SuiteCtx> = {
  head: "test",
  syntax: `test ${testName.syntax} ${skipClause.syntax} { STEP ... }`,
  summary: "one test case: the suite's setup, then its own steps in order.",
  example: 'test "A lists ready pods" { expect dns A bar.default.svc.cluster.local { answer count == 2 } }',
  compile(st, sc) {
    const { suite, ctx } = sc;
    const c = new Cursor(st, ctx);
    const nameSpan = st.items[0]?.$span ?? st.headSpan;
    const tname = testName.take(c) ?? "";
    const prev = sc.seen.get(tname);
    if (prev)
      ctx.session.error(
        "check/duplicate-test",
        `test "${tname}" is defined twice in suite "${suite.name}"`,
        nameSpan,
        `first defined at line ${prev.line}`,
      );
    sc.seen.set(tname, st.$span);
    const tc: PlanCase = {
      id: `${sc.file}::${suite.name}::${tname}`,
      name: tname,
      suite: suite.name,
      file: sc.file,
      span: st.$span,
      tags: [...suite.tags],
      steps: [...suite.setup],
    };
    const skip = skipClause.take(c);
    if (skip !== undefined) tc.skip = skip;
    const own: Step[] = [];
    ctx.scope = sc.scope.clone();
    const steps: StepCtx = { ctx, out: own, fixtures: sc.fixtures, case: tc, depth: 0 };
    for (const t of st.block ?? []) {
      if (t.head === "tags") tc.tags.push(...tagsOf(t));
      else ctx.dispatch.step(t, steps);
    }
    tc.steps.push(...own);
    suite.cases.push(tc);
  },
};
