/** `scale KIND NS/NAME N`: set a workload's replica count. */
import type { StepCtx } from "../context.js";
import { Cursor, item, seq, text } from "../pattern.js";
import { refOf } from "../refs.js";
import type { StatementSpec } from "../spec.js";

const items = seq(text("KIND"), item("NS/NAME"), text("N"));

export const scaleStep: StatementSpec<StepCtx> = {
  head: "scale",
  syntax: `scale ${items.syntax}`,
  summary: "set a workload's replica count.",
  example: "scale deployment default/web 3",
  compile(st, sc) {
    const c = new Cursor(st, sc.ctx);
    const [kind, refItem, count] = items.take(c);
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0)
      sc.ctx.session.error("check/expected", "scale needs a replica count", st.$span);
    sc.out.push({ type: "scale", span: st.$span, target: refOf(refItem, kind ?? "", c), replicas: n });
  },
};
