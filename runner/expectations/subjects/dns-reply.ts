/**
 * Judges of a DNS reply beyond its sections: `rcode NODATA` (NOERROR with no record of the asked
 * type, RFC 2308 §2.2) and the OPT record (`edns`, `edns udp == 1232`, `edns ede has 18`).
 */
import type { Matcher } from "../../../dsl/index.js";
import type { DnsObs } from "../../observation.js";
import { judgeScalar } from "../judge.js";
import { judgeList } from "../judge-list.js";
import type { ValueResolver, Verdict } from "../subject.js";
import { flatStrings } from "../values.js";

type Judged = Omit<Verdict, "subject">;

/** RFC 2308 §2.2: NODATA is NOERROR with no answer of the question's type (a CNAME alone is NODATA for A). */
export function isNodata(o: DnsObs): boolean {
  const qtype = o.question[0]?.type;
  return o.rcode === "NOERROR" && !o.answer.some((r) => r.type === qtype || qtype === "ANY");
}

export async function judgeRcode(m: Matcher, o: DnsObs, resolveValue: ValueResolver): Promise<Judged> {
  const wanted = m.value ? await flatStrings(m.value, resolveValue) : [];
  if (!wanted.includes("NODATA")) return judgeScalar(m, { kind: "scalar", value: o.rcode }, resolveValue);
  const ok = isNodata(o) ? m.op !== "!=" : m.op === "!=";
  const actual = isNodata(o)
    ? "NODATA (NOERROR, no answer of the asked type)"
    : o.rcode === "NOERROR"
      ? `NOERROR with ${o.answer.length} answer(s)`
      : o.rcode;
  return { ok, expected: `${m.op === "!=" ? "!= " : ""}NODATA`, actual };
}

/** The OPT record as one item with fields (`ede` is the codes, `ede-text` the first text). */
function ednsItem(o: DnsObs): Record<string, unknown>[] {
  if (!o.edns) return [];
  const e = o.edns;
  return [
    {
      udp: e.udp,
      do: e.do,
      ...(e.nsid !== undefined ? { nsid: e.nsid } : {}),
      ...(e.ede[0]?.text !== undefined ? { "ede-text": e.ede[0].text } : {}),
    },
  ];
}

export async function judgeEdns(m: Matcher, o: DnsObs, resolveValue: ValueResolver): Promise<Judged> {
  const shown = o.edns
    ? `udp ${o.edns.udp}${o.edns.do ? " do" : ""}${o.edns.nsid !== undefined ? ` nsid ${JSON.stringify(o.edns.nsid)}` : ""}${o.edns.ede.map((x) => ` ede ${x.code}${x.text ? ` ${JSON.stringify(x.text)}` : ""}`).join("")}`
    : "no OPT record";
  if (!m.field && m.op === "is" && !m.value)
    return { ok: !!o.edns, expected: "an OPT record", actual: shown };
  if (!o.edns) return { ok: false, expected: `${m.op} …`, actual: shown };
  if (m.field === "ede") {
    const codes = o.edns.ede.map((x) => String(x.code));
    const r = await judgeList({ ...m, field: undefined }, { kind: "list", items: codes }, resolveValue);
    return { ...r, actual: shown };
  }
  const r = await judgeList(m, { kind: "list", items: ednsItem(o) }, resolveValue);
  return { ...r, actual: `${r.actual} (${shown})` };
}
