/** `heal NAME`: undo a fault before the test ends. */
import type { StepCtx } from "../context.js";
import { Cursor } from "../pattern.js";
import type { StatementSpec } from "../spec.js";
import { faultName } from "./fault.js";

export const healStep: StatementSpec<StepCtx> = {
  head: "heal",
  syntax: `heal ${faultName.syntax}`,
  summary: "undo a fault before the test ends.",
  example: "heal dns-replicas-down",
  compile(st, sc) {
    sc.out.push({ type: "heal", span: st.$span, name: faultName.take(new Cursor(st, sc.ctx)) });
  },
};
