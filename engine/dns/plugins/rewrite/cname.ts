/**
 * plugin/rewrite cname_target.go: `rewrite [continue|stop] cname [exact|prefix|suffix|substring|regex]
 * FROM TO`. The rule matches every request (Rewrite returns RewriteDone, so a `stop` cname rule ends
 * the rule walk for every query) and leaves the request alone; its response rule, for a CNAME record
 * of the reply whose target matches FROM, asks the server itself (plugin/pkg/upstream Lookup: the
 * request copied with the question `TO qtype`, served by the whole server again, this rewrite
 * included) and rebuilds the answer: the CNAMEs up to the rewritten one, whose target becomes TO,
 * then the lookup's answer records as they come (their own TTLs); the old target's records and
 * anything after are dropped, the lookup's TC bit is copied, the rcode stays the original reply's.
 * A lookup that gets no reply leaves the reply as it was (logged `upstream lookup returned nil`).
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { Directive } from "../../plugin.js";
import { clientOf, fail, newWithQuestion } from "../shared/index.js";
import { fqdnLower, MATCH_TYPES } from "./matcher.js";
import type { MatchType } from "./matcher.js";
import type { Rule, RuleContext, RuleSetup } from "./rule.js";

/** name.go maxRegexpLen. */
const MAX_REGEXP_LEN = 10000;

/** getFromAndToTarget: the (FROM, TO) pair for a target, ["", ""] when it does not match. */
type Targets = (target: string) => [string, string];

/**
 * getFromAndToTarget. The target is matched as the reply spells it (case-sensitive) against the
 * lower-cased FROM; only `exact` FROM and TO are made fully qualified, so a `suffix` FROM without its
 * trailing dot never matches a target, and a TO without one makes a target CoreDNS cannot pack.
 */
function targets(type: MatchType, from: string, to: string, re: RegExp | undefined): Targets {
  switch (type) {
    case "exact":
      return () => [from, to];
    case "prefix":
      return (t) => (t.startsWith(from) ? [t, to + t.slice(from.length)] : ["", ""]);
    case "suffix":
      return (t) => (t.endsWith(from) ? [t, t.slice(0, t.length - from.length) + to] : ["", ""]);
    case "substring":
      return (t) => (t.includes(from) ? [t, t.replaceAll(from, to)] : ["", ""]);
    case "regex":
      return (t) => {
        const m = re!.exec(t);
        if (!m) return ["", ""];
        let out = to;
        m.forEach((g, i) => (out = out.replaceAll(`{${i}}`, g ?? "")));
        return [t, out];
      };
  }
}

/** A Go regexp compile error for the commonest mistakes (regexp/syntax's wording), else generic. */
function regexpError(pattern: string): string {
  const opens = [...pattern].filter((c) => c === "(").length;
  const closes = [...pattern].filter((c) => c === ")").length;
  if (opens > closes) return `error parsing regexp: missing closing ): \`${pattern}\``;
  if (closes > opens) return `error parsing regexp: unexpected ): \`${pattern}\``;
  return `error parsing regexp: \`${pattern}\``;
}

/** newCNAMERule. */
export function cnameRule(d: Directive, mode: Rule["mode"], args: string[], setup: RuleSetup): Rule {
  let type: MatchType;
  let from: string;
  let to: string;
  if (args.length === 3) {
    const t = args[0]!.toLowerCase() as MatchType;
    if (!MATCH_TYPES.has(t)) fail(d, `unknown cname rewrite type: ${t}`);
    [type, from, to] = [t, args[1]!.toLowerCase(), args[2]!.toLowerCase()];
  } else if (args.length === 2) {
    [type, from, to] = ["exact", args[0]!.toLowerCase(), args[1]!.toLowerCase()];
  } else {
    return fail(d, `too few (${args.length}) arguments for a cname rule`);
  }
  if (type === "exact") [from, to] = [fqdnLower(from), fqdnLower(to)];
  let re: RegExp | undefined;
  if (type === "regex") {
    if (from.length > MAX_REGEXP_LEN)
      fail(d, `regex pattern too long in a cname rule: ${from.length} > ${MAX_REGEXP_LEN}`);
    try {
      re = new RegExp(from);
    } catch {
      fail(d, `invalid cname rewrite regex pattern: ${regexpError(from)}`);
    }
  }
  const pair = targets(type, from, to, re);
  const { env } = setup;
  return {
    mode,
    apply(_q, ctx) {
      // cnameTargetRule.Rewrite: every request, whatever its name, once FROM and TO are non-empty.
      if (!from || !to) return undefined;
      return [{ reply: (res, rr) => rewriteTarget(res, rr, pair, ctx, env) }];
    },
  };
}

/** cnameTargetRuleWithReqState.RewriteResponse, for one record of the reply `res`. */
function rewriteTarget(
  res: DnsMessage,
  rr: ResourceRecord,
  pair: Targets,
  ctx: RuleContext,
  env: RuleSetup["env"],
): void {
  if (rr.type !== "CNAME" || rr.data.type !== "CNAME") return;
  const [fromTarget, toTarget] = pair(rr.data.target);
  if (rr.data.target !== fromTarget) return;
  // `r.state.Req.Question[0].Name = toTarget`: the request itself (the server's) is renamed.
  const q = ctx.msg.question[0]!;
  q.name = toTarget;
  // upstream.Lookup: state.NewWithQuestion(toTarget, qtype), served by this server's ServeDNS with
  // the client's ResponseWriter; dns.Fqdn completes the name, the class is IN.
  const up = env.selfQuery(newWithQuestion(ctx.msg, toTarget, q.type), clientOf(ctx.req));
  if (up.kind !== "reply") {
    env.log("[ERROR] upstream lookup returned nil");
    ctx.notes.push(
      `rewrite: the lookup of the CNAME target ${toTarget} got no reply: the reply is left as it was`,
    );
    return;
  }
  const kept: ResourceRecord[] = [];
  for (const a of res.answer) {
    if (a.type !== "CNAME" || a.data.type !== "CNAME") continue;
    kept.push(a);
    if (a.data.target === fromTarget) {
      a.data = { ...a.data, target: toTarget };
      break;
    }
  }
  res.answer = [...kept, ...up.msg.answer];
  res.flags = { ...res.flags, tc: up.msg.flags.tc };
  ctx.notes.push(`rewrite: CNAME target ${fromTarget} → ${toTarget}, looked up again through the server`);
  // miekg/dns packDomainName: a name without its closing dot cannot be packed (ErrFqdn), so
  // WriteMsg fails and the client gets nothing.
  if (!toTarget.endsWith("."))
    ctx.unpackable = `the rewritten CNAME target ${toTarget} is not fully qualified`;
}
