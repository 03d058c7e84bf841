/**
 * `expect dns TYPE NAME [from SOURCE] [over udp|tcp] [server IP[:PORT]] [bufsize N] [class CLASS]
 * [nsid] [repeat N]`: one DNS query (or the same one N times).
 */
import type { Probe } from "../../plan.js";
import { isIp } from "../literals.js";
import { options, pattern, seq, textOf } from "../pattern.js";
import { source } from "../refs.js";
import type { ProbeSpec } from "../spec.js";
import { queryName } from "../names.js";
import { DNS_CLASSES, QUERY_TYPES } from "../vocabulary.js";
import { checkDnsMatchers } from "./dns-matchers.js";

const recordType = pattern("TYPE", (c) => {
  const span = c.spanAt();
  const qtype = textOf(c.next()) ?? "";
  if (!QUERY_TYPES.includes(qtype))
    c.session.unknown("check/unknown-record-type", "record type", qtype, span, QUERY_TYPES);
  return qtype;
});

const dnsClass = pattern("IN|CH|HS|ANY", (c) => {
  const span = c.spanAt();
  const v = textOf(c.next()) ?? "";
  if (DNS_CLASSES.includes(v)) return v;
  c.session.unknown("check/invalid-value", "DNS class", v, span, DNS_CLASSES);
  return undefined;
});

const count = (what: string, min: number) =>
  pattern("N", (c) => {
    const span = c.spanAt();
    const v = textOf(c.next()) ?? "";
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > 100) {
      c.session.error(
        "check/invalid-value",
        `${what} takes a whole number from ${min} to 100, not \`${v}\``,
        span,
      );
      return undefined;
    }
    return n;
  });

/** An option word with no argument. */
const present = pattern("", () => true);

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
  queryName,
  options("dns probe option", {
    from: source,
    over: transport,
    server,
    bufsize: pattern("N", (c) => Number(textOf(c.next()))),
    class: dnsClass,
    nsid: present,
    repeat: count("repeat", 2),
  }),
);

export const dnsProbe: ProbeSpec = {
  head: "dns",
  kind: "dns",
  syntax: `dns ${items.syntax.replace("[nsid ]", "[nsid]")}`,
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
    "soa",
    "edns",
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
      else if (key === "class" && value && value !== "IN") p.class = value;
      else if (key === "nsid") p.nsid = true;
      else if (key === "repeat" && value) p.repeat = value;
    }
    return p;
  },
  checkMatchers: checkDnsMatchers,
};
