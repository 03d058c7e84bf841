/** `wait DURATION`: let time pass. */
import type { StepCtx } from "../context.js";
import { duration } from "../literals.js";
import { Cursor, text } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

const length = text("DURATION");

export const waitStep: StatementSpec<StepCtx> = {
  head: "wait",
  syntax: `wait ${length.syntax}`,
  summary: "advance time (virtual on the reference engine): reload delays, TTLs, controllers.",
  example: "wait 30s",
  compile(st, sc) {
    const c = new Cursor(st, sc.ctx);
    const span = c.spanAt();
    const w = length.take(c) ?? "";
    const ms = duration(w);
    if (ms === undefined)
      sc.ctx.session.error("check/invalid-duration", `\`${w}\` is not a duration (e.g. 300ms, 5s, 2m)`, span);
    sc.out.push({ type: "wait", span: st.$span, ms: ms ?? 0 });
  },
};
