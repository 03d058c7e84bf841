/** `expect dns TYPE NAME [from SOURCE] [over udp|tcp] [server IP[:PORT]] [bufsize N]`: one DNS query. */
import type { Probe } from "../../plan.js";
import { isIp } from "../literals.js";
import { options, pattern, seq, text, textOf } from "../pattern.js";
import { source } from "../refs.js";
import type { ProbeSpec } from "../spec.js";
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

const items = seq(
  recordType,
  text("NAME"),
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
    const p: Probe & { kind: "dns" } = { kind: "dns", qtype, qname: qname ?? "" };
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
