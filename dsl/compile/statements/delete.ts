/** `delete KIND NS/NAME`: remove an object. */
import type { StepCtx } from "../context.js";
import { Cursor } from "../pattern.js";
import { target } from "../refs.js";
import type { StatementSpec } from "../spec.js";

export const deleteStep: StatementSpec<StepCtx> = {
  head: "delete",
  syntax: `delete ${target.syntax}`,
  summary: "delete an object, as `kubectl delete` would.",
  example: "delete pod default/web-0",
  compile(st, sc) {
    sc.out.push({ type: "delete", span: st.$span, target: target.take(new Cursor(st, sc.ctx)) });
  },
};
