/** `within DURATION` after an expect: real targets poll until this timeout. */
import type { ExpectStep } from "../../plan.js";
import type { StepCtx } from "../context.js";
import { duration } from "../literals.js";
import { Cursor, text } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

/** The expect step a clause (`within`, `on`) belongs to: the step just before it. */
export function precedingExpect(
  sc: StepCtx,
  head: string,
  st: { $span: ExpectStep["span"] },
): ExpectStep | undefined {
  const last = sc.out[sc.out.length - 1];
  if (last?.type === "expect") return last;
  sc.ctx.session.error("check/misplaced-clause", `\`${head}\` must follow an expect block`, st.$span);
  return undefined;
}

const timeout = text("DURATION");

export const withinClause: StatementSpec<StepCtx> = {
  head: "within",
  syntax: `within ${timeout.syntax}`,
  summary: "after an expect: real targets poll until this timeout and report the last mismatch.",
  example: "within 30s",
  compile(st, sc) {
    const e = precedingExpect(sc, "within", st);
    if (!e) return;
    const ms = duration(timeout.take(new Cursor(st, sc.ctx)) ?? "");
    if (ms === undefined) sc.ctx.session.error("check/invalid-duration", "within needs a duration", st.$span);
    else e.within = ms;
  },
};
