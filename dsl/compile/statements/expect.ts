/** `expect PROBE ITEMS { matchers }`: observe something and judge it (probes/ lists the kinds). */
import type { ExpectStep } from "../../plan.js";
import type { StepCtx } from "../context.js";
import { compileMatchers } from "../matchers.js";
import { Cursor } from "../pattern.js";
import { corednsProbe } from "../probes/coredns.js";
import { PROBES, probeNamed } from "../probes/index.js";
import type { StatementSpec } from "../spec.js";

export const expectStep: StatementSpec<StepCtx> = {
  head: "expect",
  syntax: "expect PROBE ... { MATCHER; ... }",
  summary: "observe something (a DNS query, a resolver walk, a connection...) and judge it with matchers.",
  example: "expect dns A web.default.svc.cluster.local { rcode NOERROR; answer count == 1 }",
  compile(st, sc) {
    const c = new Cursor(st, sc.ctx);
    const span = c.spanAt();
    const x = c.next();
    const head = x?.$type === "Word" ? x.value : "";
    let spec = probeNamed(head);
    if (!spec) {
      const heads = PROBES.map((p) => p.head);
      sc.ctx.session.unknown("check/unknown-probe", "probe", head, span, heads);
      // What follows is still checked, as matchers of the simplest probe.
      spec = corednsProbe;
    }
    const probe = spec.compile(c);
    const step: ExpectStep = { type: "expect", span: st.$span, probe, matchers: [], divergences: [] };
    if (!spec.ownBlock) {
      if (!st.block) sc.ctx.session.error("check/expected", "expect needs a `{ matchers }` block", st.$span);
      step.matchers = compileMatchers(st.block ?? [], probe.kind, spec.subjects, sc.ctx);
      spec.checkMatchers?.(probe, step.matchers, sc.ctx.session);
    }
    sc.out.push(step);
  },
};
