/**
 * The statement table: every statement head the language has, where it may stand, how it is written,
 * what it means and how it compiles (one file per head under statements/, per probe kind under
 * probes/). The checker dispatches through it; its lists are the "did you mean" candidates; the
 * language server's hovers and completions and docs/language.md are generated from it.
 */
import type { Statement } from "../ast.js";
import type { Dispatch, FileCtx, StepCtx, SuiteCtx } from "./context.js";
import type { StatementSpec } from "./spec.js";
import { applyStep } from "./statements/apply.js";
import { clusterStatement } from "./statements/cluster.js";
import { deleteStep } from "./statements/delete.js";
import { expectStep } from "./statements/expect.js";
import { faultStep } from "./statements/fault.js";
import { fixtureStatement } from "./statements/fixture.js";
import { healStep } from "./statements/heal.js";
import { importStatement } from "./statements/import.js";
import { annotateStep, labelStep } from "./statements/label.js";
import { onClause } from "./statements/on.js";
import { patchStep } from "./statements/patch.js";
import { scaleStep } from "./statements/scale.js";
import { skipStep } from "./statements/skip.js";
import { suiteStatement } from "./statements/suite.js";
import { tagsStatement } from "./statements/tags.js";
import { testStatement } from "./statements/test.js";
import { fileUpstream, suiteUpstream } from "./statements/upstream.js";
import { useStep } from "./statements/use.js";
import { waitStep } from "./statements/wait.js";
import { withinClause } from "./statements/within.js";

export { CLUSTER_SETTINGS } from "./statements/cluster-settings.js";
export { PROBES } from "./probes/index.js";

/** A file's top level. */
export const TOP_LEVEL: readonly StatementSpec<FileCtx>[] = [
  importStatement,
  fixtureStatement,
  fileUpstream,
  suiteStatement,
];

/** A suite's own statements (its steps follow: STEPS). */
export const SUITE_LEVEL: readonly StatementSpec<SuiteCtx>[] = [
  tagsStatement,
  clusterStatement,
  suiteUpstream,
  testStatement,
];

/** Steps, in a suite's setup, a test or a fixture; `within` and `on` attach to the expect before them. */
export const STEPS: readonly StatementSpec<StepCtx>[] = [
  applyStep,
  deleteStep,
  labelStep,
  annotateStep,
  patchStep,
  scaleStep,
  faultStep,
  healStep,
  waitStep,
  skipStep,
  expectStep,
  useStep,
  withinClause,
  onClause,
];

const heads = (specs: readonly { head: string }[]) => specs.map((s) => s.head);
export const TOP_HEADS = heads(TOP_LEVEL);
export const STEP_HEADS = heads(STEPS);
export const SUITE_HEADS = [...heads(SUITE_LEVEL), ...STEP_HEADS];

function find<C>(specs: readonly StatementSpec<C>[], head: string): StatementSpec<C> | undefined {
  return specs.find((s) => s.head === head);
}

/** Compiles one top-level statement of a file. */
export function compileTop(st: Statement, fc: FileCtx): void {
  const spec = find(TOP_LEVEL, st.head);
  if (spec) spec.compile(st, fc);
  else
    fc.ctx.session.unknown("check/unknown-statement", "top-level statement", st.head, st.headSpan, TOP_HEADS);
}

export const dispatch: Dispatch = {
  suiteBody(st, sc) {
    const own = find(SUITE_LEVEL, st.head);
    if (own) own.compile(st, sc);
    else if (find(STEPS, st.head))
      this.step(st, { ctx: sc.ctx, out: sc.suite.setup, fixtures: sc.fixtures, case: undefined, depth: 0 });
    else
      sc.ctx.session.unknown("check/unknown-statement", "suite statement", st.head, st.headSpan, SUITE_HEADS);
  },
  step(st, sc) {
    let into = sc;
    if (sc.case && sc.ctx.skipped.has(sc.case)) {
      sc.ctx.session.warn("check/unreachable-step", "this step comes after `skip` and never runs", st.$span);
      into = { ...sc, out: [] };
    }
    const spec = find(STEPS, st.head);
    if (spec) spec.compile(st, into);
    else sc.ctx.session.unknown("check/unknown-step", "step", st.head, st.headSpan, STEP_HEADS);
  },
};
