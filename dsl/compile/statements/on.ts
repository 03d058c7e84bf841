/**
 * `on TARGET[(k=v, ...)] "reason with link" skip | { matchers }` after an expect: a known divergence.
 * On a matching target the alternate matchers apply, or the case is skipped.
 */
import type { Divergence } from "../../plan.js";
import type { StepCtx } from "../context.js";
import { compileMatchers } from "../matchers.js";
import { Cursor, item, keyword, pattern, seq } from "../pattern.js";
import { probeOfKind, subjectsOf } from "../probes/index.js";
import type { StatementSpec } from "../spec.js";
import { precedingExpect } from "./within.js";

const targetOf = pattern("TARGET[(k=v, ...)]", (c) => {
  const t = c.next();
  const params: Record<string, string> = {};
  if (t?.$type === "Word") return { target: t.value, params };
  if (t?.$type !== "Call") return { target: "", params };
  for (const ph of t.args) for (const x of ph) if (x.$type === "Pair") params[x.key] = x.value;
  return { target: t.fn, params };
});

const items = seq(targetOf, item('"REASON"'), keyword("skip"));

export const onClause: StatementSpec<StepCtx> = {
  head: "on",
  syntax: `on ${items.syntax} | { MATCHER; ... }`,
  summary:
    "after an expect: a known divergence of a target (or `any` target on a cluster setting: `any(proxy-mode=nftables)`), with alternate matchers or `skip`.",
  example:
    'on kind(cni=cilium) "ipBlock never matches pods: https://github.com/cilium/cilium/issues/9209" skip',
  compile(st, sc) {
    const e = precedingExpect(sc, "on", st);
    if (!e) return;
    const [{ target, params }, r, skip] = items.take(new Cursor(st, sc.ctx));
    const reason = r?.$type === "String" ? r.value : "";
    if (!reason)
      sc.ctx.session.error("check/expected", "a divergence needs a quoted reason (with a link)", st.$span);
    const d: Divergence = { span: st.$span, target, params, reason };
    if (skip) d.skip = true;
    else if (st.block) {
      d.matchers = compileMatchers(st.block, e.probe.kind, subjectsOf(e.probe.kind), sc.ctx);
      probeOfKind(e.probe.kind)?.checkMatchers?.(e.probe, d.matchers, sc.ctx.session);
    }
    e.divergences.push(d);
  },
};
