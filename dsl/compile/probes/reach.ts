/**
 * `expect reach port PORT[/PROTO] [among pod NS/NAME, ...] { ROW CELLS... }`: a NetworkPolicy truth
 * table. Rows are `from`, columns the same pods in order; `.` allowed, `X` denied, `-` not scored.
 */
import type { ItemNode } from "../../ast.js";
import type { ObjectRef, Protocol } from "../../plan.js";
import { type Cursor, keyword, pattern } from "../pattern.js";
import { port, refOf } from "../refs.js";
import type { ProbeSpec } from "../spec.js";

const portKeyword = keyword("port");

/** `among pod x/a, pod x/b`: the pods in order (wherever `among` stands). */
const among = pattern("[among pod NS/NAME, ...]", (c) => {
  const out: ObjectRef[] = [];
  const at = c.items.findIndex((x) => x.$type === "Word" && x.value === "among");
  if (at < 0) return out;
  c.i = at + 1;
  while (!c.done)
    if (keyword("pod").take(c)) out.push(refOf(c.next(), "pod", c));
    else c.i++;
  return out;
});

function cell(x: ItemNode, c: Cursor): boolean | null {
  const v = x.$type === "Word" ? x.value : "";
  if (v === ".") return true;
  if (v === "X" || v === "x") return false;
  if (v !== "-")
    c.session.error(
      "check/invalid-reach-cell",
      `reach cell \`${v}\` is not \`.\` (allowed), \`X\` (denied) or \`-\` (not scored)`,
      x.$span,
    );
  return null;
}

export const reachProbe: ProbeSpec = {
  head: "reach",
  kind: "reach",
  syntax: `reach port ${port.syntax} ${among.syntax} { ROW CELL... }`,
  summary: "a NetworkPolicy truth table; `.` allowed, `X` denied, `-` not scored.",
  example: "expect reach port 80/TCP { x/a - . ; x/b X - }",
  subjects: "unchecked",
  ownBlock: true,
  compile(c) {
    const st = c.st;
    let portProto: [number | string, Protocol] = [0, "TCP"];
    if (portKeyword.take(c)) portProto = port.take(c);
    else c.session.error("check/expected", "expect reach needs `port 80/TCP`", st.$span);
    const pods = among.take(c);
    const rows: ObjectRef[] = [];
    const expected: (boolean | null)[][] = [];
    for (const r of st.block ?? []) {
      const row = { st: r, ctx: c.ctx };
      rows.push(refOf({ $type: "Word", value: r.head, $span: r.headSpan }, "pod", row));
      expected.push(r.items.map((x) => cell(x, c)));
    }
    const columns = pods.length ? pods : rows;
    for (const [i, cells] of expected.entries())
      if (cells.length !== columns.length)
        c.session.error(
          "check/reach-not-square",
          `row ${i + 1} has ${cells.length} cells but the matrix has ${columns.length} pods`,
          st.block![i]!.$span,
        );
    const [p, protocol] = portProto;
    return { kind: "reach", port: p, protocol, pods: columns, expected, span: st.$span };
  },
};
