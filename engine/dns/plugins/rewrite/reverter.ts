/**
 * plugin/rewrite reverter.go ResponseReverter.WriteMsg: the reply is deep-copied, its question set
 * back to the client's, and every record of its authority, answer and additional sections (the OPT
 * record last, as it sits in miekg's Extra) passed through the response rules in reverse order of
 * registration, each rule seeing the record as the rules before it left it; a reply with no record
 * at all gets the message-level rules (rcode) once. Then, while the reply is written
 * (writeWithRevertedRequestExtra), the request's OPT is the one the `revert` rules restore, so the
 * server's ScrubWriter echoes the reverted options.
 */
import type { DnsMessage, Edns, Question, ResourceRecord } from "../../message.js";
import { cloneMessage } from "../shared/index.js";

/** One response rule (reverter.go ResponseRule); a rule fills the hooks of what it rewrites. */
export interface ResponseRule {
  /** Per-record rewrite (name.go, ttl.go): the record's new fields. */
  rr?(rr: ResourceRecord): ResourceRecord;
  /** A message-level rule (msgResponseRule: rcode.go): run per record, and once for an empty reply. */
  msg?(m: DnsMessage): DnsMessage;
  /** A rule that may rebuild the reply around a record (cname_target.go: the answer section). */
  reply?(res: DnsMessage, rr: ResourceRecord): void;
  /**
   * requestExtraRevertRule (edns0.go `revert`): its change to an OPT record, made in place on the
   * reply's OPT per record and on a copy of the request's while the reply is written.
   */
  opt?(edns: Edns): void;
}

/** The reply as the client gets it from ResponseReverter.WriteMsg (`written` is not changed). */
export function revertReply(
  written: DnsMessage,
  original: Question,
  rules: readonly ResponseRule[],
): DnsMessage {
  const res = cloneMessage(written);
  // DoQuestionRestore: the first question is the client's again (an empty section gets it).
  res.question = [{ ...original }, ...res.question.slice(1)];
  if (!rules.length) return res;
  const reversed = [...rules].reverse();
  // rewriteResourceRecord. The sections are the slices as they were when each loop began: records a
  // rule appends (the cname lookup's answer) are not passed through the rules again.
  const each = (rr: ResourceRecord | undefined) => {
    for (const rule of reversed) {
      // The OPT record (undefined here) has no value to rewrite; a ttl rule's clamp of its header
      // (extended rcode, version, DO) is not modelled.
      if (rr && rule.rr) Object.assign(rr, rule.rr(rr));
      if (rr && rule.reply) rule.reply(res, rr);
      if (rule.msg) Object.assign(res, rule.msg(res));
      if (rule.opt && res.edns) rule.opt(res.edns);
    }
  };
  for (const rr of res.authority) each(rr);
  for (const rr of res.answer) each(rr);
  for (const rr of res.additional) each(rr);
  if (res.edns) each(undefined);
  if (!res.authority.length && !res.answer.length && !res.additional.length && !res.edns) {
    for (const rule of reversed) if (rule.msg) Object.assign(res, rule.msg(res));
  }
  return res;
}

/**
 * writeWithRevertedRequestExtra: the request's OPT as the `revert` rules restore it, run over each
 * record of the request's Extra (its OPT and any other additional record), set on the request in
 * place: the server's ScrubWriter holds the same message and echoes it. CoreDNS puts the changed OPT
 * back once the reply is written; the model leaves the reverted one, which only a plugin reading the
 * request after its reply was written (log) could tell apart.
 */
export function revertRequestOpt(msg: DnsMessage, rules: readonly ResponseRule[]): void {
  const reverting = [...rules].reverse().filter((r) => r.opt);
  if (!reverting.length || !msg.edns) return;
  const copy: Edns = { ...msg.edns, options: msg.edns.options.map((o) => ({ ...o })) };
  for (let i = 0; i <= msg.additional.length; i++) for (const rule of reverting) rule.opt!(copy);
  msg.edns = copy;
}
