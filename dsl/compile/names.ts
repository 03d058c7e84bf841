/**
 * Names a probe asks for: a word or string, or a name in touching parts with symbolic ones
 * (`dashed-ip(pod p/web).p.pod.cluster.local`, `reverse-name(pod p/web)`) the runner resolves.
 */
import type { Value } from "../plan.js";
import { pattern, textOf } from "./pattern.js";
import { touchingRun, valueOf, written } from "./values.js";

/** The name written as the next item(s); `value` when it has symbolic parts. */
export const queryName = pattern("NAME", (c): { text: string; value?: Value } => {
  const x = c.peek();
  if (x?.$type !== "Call") {
    const n = touchingRun(c.items, c.i);
    if (n === 1) return { text: textOf(c.next()) ?? "" };
  }
  const n = touchingRun(c.items, c.i);
  const run = c.items.slice(c.i, c.i + n);
  c.i += n;
  const value = valueOf(run, c);
  return { text: run.map(written).join(""), value };
});
