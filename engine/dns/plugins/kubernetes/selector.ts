/** Kubernetes label-selector strings (`a=b,c!=d,e in (x,y),!f,g`) as the `labels` / `namespace_labels` options take them. */
import type { Labels } from "../../../cluster/index.js";

export type Selector = (labels: Labels) => boolean;

/** Parse a selector; returns undefined when the text is not a valid selector. */
export function parseSelector(text: string): Selector | undefined {
  const reqs: Selector[] = [];
  const re =
    /\s*(?:(!)\s*([\w./-]+)|([\w./-]+)\s*(?:(==|!=|=)\s*([\w.-]*)|\s+(in|notin)\s*\(([^)]*)\))?)\s*(?:,|$)/gy;
  let pos = 0;
  const src = text.trim();
  if (src === "") return () => true;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m || m[0] === "") return undefined;
    pos = re.lastIndex;
    const [, not, notKey, key, op, value, setOp, setVals] = m;
    if (not) {
      reqs.push((l) => !(notKey! in l));
    } else if (op) {
      reqs.push(op === "!=" ? (l) => l[key!] !== value : (l) => l[key!] === value);
    } else if (setOp) {
      const vals = new Set(setVals!.split(",").map((v) => v.trim()));
      reqs.push(
        setOp === "in" ? (l) => key! in l && vals.has(l[key!]!) : (l) => !(key! in l) || !vals.has(l[key!]!),
      );
    } else {
      reqs.push((l) => key! in l);
    }
  }
  return (l) => reqs.every((r) => r(l));
}
