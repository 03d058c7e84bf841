/** `expect dns TYPE NAME [from SOURCE] [over udp|tcp] [server IP[:PORT]] [bufsize N]`: one DNS query. */
import type { ItemNode } from "../../ast.js";
import type { Probe, Value } from "../../plan.js";
import { isIp } from "../literals.js";
import { options, pattern, seq, textOf } from "../pattern.js";
import { source } from "../refs.js";
import type { ProbeSpec } from "../spec.js";
import { touchingRun, valueOf } from "../values.js";
import { RECORD_TYPES } from "../vocabulary.js";

const recordType = pattern("TYPE", (c) => {
  const span = c.spanAt();
  const qtype = textOf(c.next()) ?? "";
  if (!RECORD_TYPES.includes(qtype))
    c.session.unknown("check/unknown-record-type", "record type", qtype, span, RECORD_TYPES);
  return qtype;
});

const TRANSPORTS = ["udp", "tcp"];
const transport = pattern("udp|tcp", (c) => {
  const span = c.spanAt();
  const t = textOf(c.next());
  if (t === "tcp" || t === "udp") return t;
  c.session.unknown("check/invalid-value", "transport", t ?? "", span, TRANSPORTS);
  return undefined;
});

const server = pattern("IP[:PORT]", (c) => {
  const span = c.spanAt();
  const v = textOf(c.next()) ?? "";
  if (!isIp(v.replace(/^\[?(.*?)\]?(:\d+)?$/, "$1")) && !isIp(v))
    c.session.error("check/invalid-ip", `\`${v}\` is not IP[:PORT]`, span);
  return v;
});

/**
 * The query name: a word or string, or a name in touching parts with symbolic ones
 * (`dashed-ip(pod p/web).p.pod.cluster.local`, `reverse-name(pod p/web)`) the runner resolves.
 */
const queryName = pattern("NAME", (c): { text: string; value?: Value } => {
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

/** An item as written (a call with its words), for the probe's printed name. */
function written(x: ItemNode): string {
  if (x.$type === "Call") return `${x.fn}(${x.args.map((ph) => ph.map(written).join(" ")).join(", ")})`;
  return textOf(x) ?? "";
}

const items = seq(
  recordType,
  queryName,
  options("dns probe option", {
    from: source,
    over: transport,
    server,
    bufsize: pattern("N", (c) => Number(textOf(c.next()))),
  }),
);

export const dnsProbe: ProbeSpec = {
  head: "dns",
  kind: "dns",
  syntax: `dns ${items.syntax}`,
  summary: "one query, judged on rcode, flags, sections, TTLs.",
  example: "expect dns A bar.default.svc.cluster.local from pod default/debug over tcp { rcode NOERROR }",
  subjects: [
    "rcode",
    "flags",
    "answer",
    "authority",
    "additional",
    "ttl",
    "size",
    "timeout",
    "refused",
    "because",
  ],
  compile(c) {
    const [qtype, qname, found] = items.take(c);
    const p: Probe & { kind: "dns" } = { kind: "dns", qtype, qname: qname.text };
    if (qname.value) p.qnameValue = qname.value;
    // Applied in the order written, as the options appear in the Plan.
    for (const [key, value] of found) {
      if (key === "from" && value) p.from = value;
      else if (key === "over" && value) p.transport = value;
      else if (key === "server") p.server = value;
      else if (key === "bufsize") p.bufsize = value;
    }
    return p;
  },
};
