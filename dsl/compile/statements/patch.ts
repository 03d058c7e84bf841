/**
 * `patch KIND NS/NAME remove PATH | """merge patch""" | { set PATH = VALUE; remove PATH }`: field
 * edits by dotted path, or a YAML merge patch.
 */
import type { Statement } from "../../ast.js";
import type { PatchOp } from "../../plan.js";
import type { Ctx, StepCtx } from "../context.js";
import { inlineText } from "../manifests.js";
import { checkYaml } from "../yaml-check.js";
import { Cursor, expects, pattern, seq } from "../pattern.js";
import { target } from "../refs.js";
import type { StatementSpec } from "../spec.js";
import { plainValue, valueOf } from "../values.js";

/** The op written on the patch line itself, if any. */
const lineOp = pattern('[remove PATH | """merge patch"""]', (c): PatchOp | undefined => {
  const [x, y] = [c.peek(), c.peek(1)];
  if (x?.$type === "BlockString") {
    const patch = inlineText(x, c.st.$span.file);
    checkYaml(patch, c.session, x, false);
    return { op: "merge", patch, span: x.$span };
  }
  if (x?.$type === "Word" && x.value === "remove" && y?.$type === "Word")
    return { op: "remove", path: y.value, span: c.st.$span };
  return undefined;
});

const items = seq(target, lineOp);
const OPS = ["set", "remove"];

/** One line of the `{ ... }` block: `set PATH = VALUE`, `set PATH=VALUE` or `remove PATH`. */
function blockOp(p: Statement, ctx: Ctx): PatchOp | undefined {
  const [pw, op, value] = p.items;
  if (p.head === "remove" && pw?.$type === "Word") return { op: "remove", path: pw.value, span: p.$span };
  // Everything after `=` is the value: a name in touching parts (`ip(pod a/b)"/32"`) is one value.
  if (p.head === "set" && pw?.$type === "Word" && op?.$type === "Op" && value)
    return {
      op: "set",
      path: pw.value,
      value: plainValue(valueOf(p.items.slice(2), { st: p, ctx })),
      span: p.$span,
    };
  if (p.head === "set" && pw?.$type === "Pair")
    return { op: "set", path: pw.key, value: pw.value, span: p.$span };
  if (OPS.includes(p.head))
    ctx.session.error(
      "check/invalid-patch-op",
      p.head === "set" ? "expected `set PATH = VALUE`" : "expected `remove PATH`",
      p.$span,
    );
  else ctx.session.unknown("check/unknown-patch-op", "patch operation", p.head, p.headSpan, OPS);
  return undefined;
}

export const patchStep: StatementSpec<StepCtx> = {
  head: "patch",
  syntax: `patch ${items.syntax} [{ set PATH = VALUE; remove PATH }]`,
  summary:
    'edit an object\'s fields by dotted path (a `set` value may be symbolic, resolved by the target: `ip(pod a/b)"/32"`), or apply a YAML merge patch.',
  example: "patch service default/web { set spec.type = NodePort; remove spec.clusterIP }",
  compile(st, sc) {
    const c = new Cursor(st, sc.ctx);
    const [ref, first] = items.take(c);
    const ops: PatchOp[] = first ? [first] : [];
    for (const p of st.block ?? []) {
      const op = blockOp(p, sc.ctx);
      if (op) ops.push(op);
    }
    if (ops.length === 0 && !st.block?.length)
      expects(c, '`remove PATH`, a `{ set/remove }` block or a """merge patch"""');
    sc.out.push({ type: "patch", span: st.$span, target: ref, ops });
  },
};
