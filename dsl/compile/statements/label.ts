/** `label`/`annotate KIND NS/NAME [pod-template] k=v k2-`: set and remove labels or annotations. */
import type { ItemNode } from "../../ast.js";
import type { StepCtx } from "../context.js";
import { Cursor, pattern, rest, seq } from "../pattern.js";
import { target } from "../refs.js";
import type { StatementSpec } from "../spec.js";

type Edit = { set: [string, string] } | { remove: string } | { podTemplate: true } | undefined;

const edit = pattern("k=v | k- | pod-template", (c): Edit => {
  const x: ItemNode = c.next()!;
  if (x.$type === "Pair") return { set: [x.key, x.value] };
  if (x.$type === "Word" && x.value === "pod-template") return { podTemplate: true };
  if (x.$type === "Word" && x.value.endsWith("-")) return { remove: x.value.slice(0, -1) };
  c.session.error("check/expected", "expected `key=value` or `key-`", x.$span);
  return undefined;
});

const items = seq(target, rest(edit));

function labelSpec(head: "label" | "annotate", summary: string, example: string): StatementSpec<StepCtx> {
  return {
    head,
    syntax: `${head} ${items.syntax}`,
    summary,
    example,
    compile(st, sc) {
      const [ref, edits] = items.take(new Cursor(st, sc.ctx));
      const set: Record<string, string> = {};
      const remove: string[] = [];
      let podTemplate = false;
      for (const e of edits) {
        if (e && "set" in e) set[e.set[0]] = e.set[1];
        else if (e && "remove" in e) remove.push(e.remove);
        else if (e) podTemplate = true;
      }
      sc.out.push({
        type: head,
        span: st.$span,
        target: ref,
        set,
        remove,
        ...(podTemplate ? { podTemplate } : {}),
      });
    },
  };
}

export const labelStep = labelSpec(
  "label",
  "set (`k=v`) and remove (`k-`) labels; `pod-template` edits a workload's pod template.",
  "label pod default/x app=web tier-",
);
export const annotateStep = labelSpec(
  "annotate",
  "set (`k=v`) and remove (`k-`) annotations; `pod-template` edits a workload's pod template.",
  "annotate service default/web example.com/note=x",
);
