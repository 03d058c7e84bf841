/**
 * `answer order varies` / `answer first steady`: a repeated query's replies compared with each other.
 * A rotation claim fails when every reply lists the records the same way (no `loadbalance`), and a
 * steadiness claim fails as soon as two replies differ.
 */
import type { Matcher } from "../../dsl/index.js";
import type { Observation } from "../observation.js";
import { showItem } from "./compare.js";
import type { Subject, Verdict } from "./subject.js";

export function judgeVariation(
  m: Matcher,
  replies: Observation[],
  read: (o: Observation) => Subject,
): Omit<Verdict, "subject"> {
  const shapes = replies.map((o) => {
    const s = read(o);
    const items = s.kind === "list" ? s.items.map(showItem) : [String(s.value)];
    return m.field === "first" ? (items[0] ?? "(empty)") : items.join(", ") || "(empty)";
  });
  const distinct = [...new Set(shapes)];
  const what = m.field === "first" ? "first item" : "order";
  const expected = `${m.op} over ${replies.length} replies`;
  if (replies.length < 2)
    return { ok: false, expected, actual: "one reply: nothing to compare (the probe needs `repeat N`)" };
  const ok = m.op === "varies" ? distinct.length > 1 : distinct.length === 1;
  const actual =
    distinct.length === 1
      ? `the same ${what} in all ${replies.length} replies: ${distinct[0]}`
      : `${distinct.length} different ${what === "order" ? "orders" : "first items"} in ${replies.length} replies: ${distinct.slice(0, 4).join(" | ")}${distinct.length > 4 ? " | …" : ""}`;
  return { ok, expected, actual };
}
