/**
 * plugin/rewrite (rewrite.go ServeDNS, reverter.go): each `rewrite` line is one rule; rules run in
 * order on the request (a matching `stop` rule ends the walk, `continue` goes on); the reply then gets
 * the original question back and every RR of answer, authority and additional is passed through the
 * collected response rules in reverse order. When the chain below writes nothing (an error rcode),
 * rewrite writes the bare error reply itself (so the question is the original one).
 * Several `rewrite` lines form one plugin instance (one rule list) in CoreDNS. The model's server core
 * sets up one Plugin per line, so the lines of a server block share one rule list: the first
 * instance runs all of them (stop/continue across lines as in CoreDNS), later ones pass through.
 */
import type { DnsMessage } from "../../message.js";
import type { Directive, DnsRequest, DnsResult, Next, PluginFactory } from "../../plugin.js";
import { replyTo } from "../shared/index.js";
import { modeNotModelled } from "../unmodelled.js";
import { parseRule } from "./rules.js";
import type { ResponseRule, Rule } from "./rules.js";

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

/** The rule list of each server block (keyed by the block object the server core passes). */
const blockRules = new WeakMap<object, Rule[]>();

export const rewritePlugin = {
  name: "rewrite",
  setup(d, block, _env) {
    const rule = parseRule(flatten(d));
    const existing = blockRules.get(block);
    if (existing) {
      existing.push(rule);
      return { name: "rewrite", serve: (req: DnsRequest, next: Next) => next(req) };
    }
    const rules = [rule];
    blockRules.set(block, rules);
    return {
      name: "rewrite",
      serve(req: DnsRequest, next: Next): DnsResult {
        const orig = req.msg.question[0];
        if (!orig) return next(req);
        const q = { name: req.qname, type: req.qtype, class: orig.class };
        const responseRules: ResponseRule[] = [];
        let matched = false;
        for (const rule of rules) {
          const r = rule.apply(q);
          if (!r) continue;
          matched = true;
          responseRules.push(...r);
          if (rule.mode === "stop") break;
        }
        if (!matched) return next(req);
        const msg: DnsMessage = { ...req.msg, question: [{ ...q }, ...req.msg.question.slice(1)] };
        const res = next({ ...req, msg, qname: q.name, qtype: q.type });
        if (res.kind === "drop") return res;
        const written = res.kind === "reply" ? res.msg : replyTo(msg, res.rcode);
        let out: DnsMessage = { ...written, question: [{ ...orig }, ...written.question.slice(1)] };
        const perRr = [...responseRules].reverse();
        const fix = (rrs: DnsMessage["answer"]) =>
          rrs.map((rr) => perRr.reduce((acc, rule) => (rule.rr ? rule.rr(acc) : acc), rr));
        out = {
          ...out,
          answer: fix(out.answer),
          authority: fix(out.authority),
          additional: fix(out.additional),
        };
        for (const rule of perRr) if (rule.msg) out = rule.msg(out);
        return {
          kind: "reply",
          msg: out,
          by: res.by,
          notes: [...(res.notes ?? []), `rewrite: ${req.qname} ${req.qtype} → ${q.name} ${q.type}`],
          elapsedMs: res.elapsedMs,
        };
      },
    };
  },
} satisfies PluginFactory;
