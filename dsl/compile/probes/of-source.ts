/** `of SOURCE`: the pod or node whose kubelet-written files `resolv-conf` and `hosts` observe. */
import type { Source } from "../../plan.js";
import { type Cursor, textOf } from "../pattern.js";
import { source } from "../refs.js";

export const ofSourceSyntax = `of ${source.syntax}`;

export function ofSource(c: Cursor, head: string): Source {
  const span = c.st.$span;
  let src: Source | undefined;
  if (textOf(c.peek()) === "of") {
    c.i++;
    src = source.take(c);
  }
  if (!src)
    c.session.error("check/expected", `expect ${head} needs \`of pod ns/name\` or \`of node NAME\``, span);
  return src ?? { kind: "pod", ref: { kind: "pod", namespace: "default", name: "" }, span };
}
