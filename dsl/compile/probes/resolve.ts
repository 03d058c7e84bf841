/** `expect resolve NAME [A|AAAA|ANY] from SOURCE`: the stub resolver's whole walk. */
import type { Source } from "../../plan.js";
import { queryName } from "../names.js";
import { pattern, seq, textOf } from "../pattern.js";
import { source } from "../refs.js";
import type { ProbeSpec } from "../spec.js";
import { checkResolveMatchers } from "./dns-matchers.js";

const qtype = pattern("[A|AAAA|ANY]", (c) => {
  const q = textOf(c.peek());
  if (q !== "A" && q !== "AAAA" && q !== "ANY") return undefined;
  c.i++;
  return q;
});

const from = pattern(`from ${source.syntax}`, (c) => {
  if (textOf(c.peek()) !== "from") return undefined;
  c.i++;
  return source.take(c) ?? null;
});

const items = seq(queryName, qtype, from);

export const resolveProbe: ProbeSpec = {
  head: "resolve",
  kind: "resolve",
  syntax: `resolve ${items.syntax}`,
  summary: "the stub resolver's whole walk (tries, answer, rcode, source).",
  example: 'expect resolve "bar.default" AAAA from node worker-0 { source hosts }',
  subjects: ["tries", "answer", "rcode", "source", "timeout", "canonical-name", "elapsed", "because"],
  compile(c) {
    const span = c.st.$span;
    const [name, q, src] = items.take(c);
    if (src === undefined)
      c.session.error("check/expected", "expect resolve needs `from pod ns/name` or `from node NAME`", span);
    const fallback: Source = { kind: "pod", ref: { kind: "pod", namespace: "default", name: "" }, span };
    return {
      kind: "resolve",
      name: name.text,
      ...(name.value ? { nameValue: name.value } : {}),
      ...(q ? { qtype: q } : {}),
      from: src ?? fallback,
    };
  },
  checkMatchers: checkResolveMatchers,
};
