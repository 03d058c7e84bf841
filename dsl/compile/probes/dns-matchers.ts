/**
 * What a DNS query can and cannot observe, checked once its matchers are compiled: each rule names
 * the matcher that asks for more than the probe as written lets a server send, and why.
 */
import type { Matcher, Probe } from "../../plan.js";
import type { Session } from "../session.js";

/** The fields of `soa FIELD OP VALUE`, in RFC 1035 §3.3.13 rdata order (plus the record's own). */
export const SOA_FIELDS: readonly string[] = [
  "mname",
  "rname",
  "serial",
  "refresh",
  "retry",
  "expire",
  "minimum",
  "name",
  "ttl",
];

/** The fields of `edns FIELD OP VALUE`: the OPT record's payload size and DO bit, NSID, EDE codes/texts. */
export const EDNS_FIELDS: readonly string[] = ["udp", "do", "nsid", "ede", "ede-text"];

function checkFields(m: Matcher, session: Session): void {
  const fields = m.subject === "soa" ? SOA_FIELDS : m.subject === "edns" ? EDNS_FIELDS : undefined;
  if (!fields || !m.field || m.field === "count" || m.op === "varies" || m.op === "steady") return;
  if (!fields.includes(m.field))
    session.unknown("check/unknown-field", `${m.subject} field`, m.field, m.span, fields);
}

/** `answer order varies` compares several replies: only a repeated query has them. */
export function checkVariation(m: Matcher, repeat: number | undefined, session: Session): void {
  if ((m.op === "varies" || m.op === "steady") && !repeat)
    session.error(
      "check/unobservable",
      `\`${m.subject} ${m.field} ${m.op}\` compares the replies of a repeated query, and this probe sends one`,
      m.span,
      "add `repeat N` (N ≥ 2) to the probe: `expect dns A NAME repeat 10 { … }`",
    );
}

export function checkDnsMatchers(probe: Probe, matchers: readonly Matcher[], session: Session): void {
  if (probe.kind !== "dns") return;
  const sendsOpt = probe.bufsize !== undefined || probe.nsid === true;
  for (const m of matchers) {
    checkFields(m, session);
    checkVariation(m, probe.repeat, session);
    if (m.subject !== "edns" || !m.field) continue;
    // RFC 6891 §7: a responder includes an OPT record only when the request had one.
    if (!sendsOpt)
      session.error(
        "check/unobservable",
        `\`edns ${m.field}\` judges the reply's OPT record, and a server sends one only to a query that carries one (RFC 6891 §7); this query has none`,
        m.span,
        "add `bufsize N` (or `nsid`) to the probe",
      );
    else if (m.field === "nsid" && !probe.nsid)
      session.error(
        "check/unobservable",
        "`edns nsid` judges the NSID a server sends, and it sends one only to a query with an NSID option (RFC 5001 §2.1; CoreDNS plugin/nsid)",
        m.span,
        "add `nsid` to the probe",
      );
  }
}

/** A resolver walk is one walk: nothing to compare replies with. */
export function checkResolveMatchers(_: Probe, matchers: readonly Matcher[], session: Session): void {
  for (const m of matchers) checkVariation(m, undefined, session);
}
