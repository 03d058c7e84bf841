/**
 * plugin/rewrite (rewrite.go ServeDNS, reverter.go): each `rewrite` line is one rule; rules run in
 * order on the request (a matching `stop` rule ends the walk, `continue` goes on). When a stop rule
 * matched or any response rule was collected, the reply goes through the ResponseReverter
 * (reverter.ts): the original question back, every record through the response rules in reverse
 * order; and when the chain below writes nothing (an error rcode), rewrite writes the bare error
 * reply itself (so the question is the original one). Otherwise the chain's reply passes unchanged,
 * with the question as the rules left it.
 * Several `rewrite` lines form one plugin instance (one rule list) in CoreDNS. The model's server core
 * sets up one Plugin per line, so the lines of a server block share one rule list: the first
 * instance runs all of them (stop/continue across lines as in CoreDNS), later ones pass through.
 */
import type { DnsMessage, Question } from "../../message.js";
import type { Directive, DnsRequest, DnsResult, Next, PluginEnv, PluginFactory } from "../../plugin.js";
import { sizeAndDo } from "../../server.js";
import { replyTo } from "../shared/index.js";
import { modeNotModelled } from "../unmodelled.js";
import { revertReply, revertRequestOpt } from "./reverter.js";
import { parseRule } from "./rules.js";
import type { ResponseRule, Rule, RuleContext } from "./rules.js";

/**
 * setup.go rewriteParse: with fewer than two arguments on the `rewrite` line, the block's tokens are
 * appended to them, so `rewrite stop { name regex A B; answer name C D }` is the one-line rule
 * `rewrite stop name regex A B answer name C D`. A block after a full rule line is not modelled.
 */
function flatten(d: Directive): Directive {
  if (!d.block.length) return d;
  if (d.args.length >= 2) throw modeNotModelled(d, "a block after a complete rule");
  return { ...d, args: [...d.args, ...d.block.flatMap((l) => [l.name, ...l.args])], block: [] };
}

/** Plugins whose handler fails with SERVFAIL when writing their reply fails (the others ignore it). */
const WRITE_ERROR_CHECKED = new Set(["transfer"]);

/** The rule list of each server block (keyed by the block object the server core passes). */
const blockRules = new WeakMap<object, Rule[]>();

export const rewritePlugin = {
  name: "rewrite",
  setup(d, block, env) {
    const rule = parseRule(flatten(d), { env, block });
    const existing = blockRules.get(block);
    if (existing) {
      existing.push(rule);
      return { name: "rewrite", serve: (req: DnsRequest, next: Next) => next(req) };
    }
    const rules = [rule];
    blockRules.set(block, rules);
    return {
      name: "rewrite",
      get uncacheable() {
        return rules.some((r) => r.perClient)
          ? "an edns0 rule copies the client's address or port"
          : undefined;
      },
      serve: (req: DnsRequest, next: Next) => serve(rules, env, req, next),
    };
  },
} satisfies PluginFactory;

/** rewrite.go ServeDNS. */
function serve(rules: readonly Rule[], env: PluginEnv, req: DnsRequest, next: Next): DnsResult {
  const orig = req.msg.question[0];
  if (!orig) return next(req);
  const original = { ...orig };
  // The rules work on state.Req, the message the server holds: its question and OPT change in place
  // (the server's error reply and ScrubWriter, and plugins before rewrite, see them changed).
  const q: Question = { name: req.qname, type: req.qtype, class: orig.class };
  req.msg.question[0] = q;
  const ctx: RuleContext = { req, msg: req.msg, notes: [] };
  const responseRules: ResponseRule[] = [];
  let stopped = false;
  for (const rule of rules) {
    const r = rule.apply(q, ctx);
    if (!r) continue;
    responseRules.push(...r);
    if (rule.mode === "stop") {
      stopped = true;
      break;
    }
  }
  const before = ctx.notes.length;
  const notes = [...ctx.notes];
  if (q.name !== req.qname || q.type !== req.qtype)
    notes.push(`rewrite: ${req.qname} ${req.qtype} → ${q.name} ${q.type}`);
  const down: DnsRequest = { ...req, qname: q.name, qtype: q.type };
  if (!stopped && !responseRules.length) {
    // No stop rule matched and no response rule was collected: no ResponseReverter, so the reply
    // (or the server's error reply) carries the question as the rules left it.
    const res = next(down);
    return notes.length ? { ...res, notes: [...notes, ...(res.notes ?? [])] } : res;
  }
  // serveWithResponseReverter: an error rcode the chain did not write is written here, through the
  // reverter: SetRcode on the rewritten request, then state.SizeAndDo, so the reply already has the
  // request's OPT when it reaches the writers before rewrite (nsid's then adds no OPT of its own).
  const res = next(down);
  if (res.kind === "drop") return res;
  const written =
    res.kind === "reply"
      ? res.msg
      : sizeAndDo(req.msg, replyTo(req.msg, res.rcode), env.ednsSupported ?? new Set());
  // Each message written goes through the reverter: a transfer's later envelopes too.
  const sent: DnsMessage[] = [];
  let failure: string | undefined;
  for (const m of [written, ...(res.kind === "reply" ? (res.more ?? []) : [])]) {
    const r = revertReply(m, original, responseRules);
    if (!ctx.unpackable) {
      sent.push(r);
      continue;
    }
    // The failed WriteMsg's error goes back to the plugin that wrote. Most ignore it (the client gets
    // nothing more); transfer returns SERVFAIL (transfer.go ServeDNS: tr.Out's error), which rewrite
    // then writes itself, through the reverter again.
    failure = `rewrite: ${ctx.unpackable}: miekg/dns cannot pack the reply (ErrFqdn)`;
    delete ctx.unpackable;
    if (WRITE_ERROR_CHECKED.has(res.by)) {
      const failed = sizeAndDo(req.msg, replyTo(req.msg, "SERVFAIL"), env.ednsSupported ?? new Set());
      sent.push(revertReply(failed, original, responseRules));
      failure += `: ${res.by} fails with SERVFAIL`;
    } else failure += ", nothing more is written";
    break;
  }
  revertRequestOpt(req.msg, responseRules);
  const all = [...(res.notes ?? []), ...notes, ...ctx.notes.slice(before), ...(failure ? [failure] : [])];
  const [msg, ...more] = sent;
  if (!msg) return { kind: "drop", by: "rewrite", notes: all };
  const out: DnsResult = { kind: "reply", msg, ...(more.length ? { more } : {}), by: res.by, notes: all };
  if (res.elapsedMs !== undefined) out.elapsedMs = res.elapsedMs;
  return out;
}
