/** `skip "reason"`: the test is reported skipped; later steps never run. */
import type { StepCtx } from "../context.js";
import { Cursor, text } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

const reason = text('"REASON"');

export const skipStep: StatementSpec<StepCtx> = {
  head: "skip",
  syntax: `skip ${reason.syntax}`,
  summary:
    "report the test skipped with the reason; later steps are dropped (warning `check/unreachable-step`).",
  example: 'skip "needs IPv6"',
  compile(st, sc) {
    if (!sc.case) return;
    sc.case.skip = reason.take(new Cursor(st, sc.ctx)) ?? "skipped";
    sc.ctx.skipped.add(sc.case);
  },
};
