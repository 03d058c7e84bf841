/**
 * Rewrite rules (plugin/rewrite/rewrite.go newRule, {name,type,class,ttl,rcode}.go; cname_target.go
 * in cname.ts, edns0.go in edns0.ts). A rule, when it matches the request, changes the request in
 * place and may return response rules, which the reverter applies to every RR of the reply in
 * reverse order of registration (reverter.go).
 */
import type { ResourceRecord } from "../../message.js";
import type { Directive } from "../../plugin.js";
import { fail } from "../shared/index.js";
import { cnameRule } from "./cname.js";
import { edns0Rule } from "./edns0.js";
import { fqdnLower, makeRewriter, MATCH_TYPES } from "./matcher.js";
import type { MatchType, StringRewriter } from "./matcher.js";
import type { ResponseRule } from "./reverter.js";
import type { Rule, RuleSetup } from "./rule.js";

export type { ResponseRule } from "./reverter.js";
export type { Rule, RuleContext, RuleSetup } from "./rule.js";

/** reverter.go getRecordValueForRewrite: the one name-valued field of these types (NAPTR: not modelled). */
const TARGETED = new Set(["CNAME", "PTR", "NS", "SRV", "MX", "DNAME", "SOA"]);

function rewriteValue(rr: ResourceRecord, rw: StringRewriter): ResourceRecord {
  const d = rr.data;
  const re = (s: string) => rw.rewrite(s) ?? s;
  switch (d.type) {
    case "CNAME":
    case "PTR":
    case "NS":
    case "DNAME":
      return { ...rr, data: { ...d, target: re(d.target) } };
    case "SOA":
      // The SOA's Ns field (its MNAME), not its mailbox.
      return { ...rr, data: { ...d, soa: { ...d.soa, mname: re(d.soa.mname) } } };
    case "SRV":
      return { ...rr, data: { ...d, srv: { ...d.srv, target: re(d.srv.target) } } };
    case "MX":
      return { ...rr, data: { ...d, exchange: re(d.exchange) } };
    default:
      return rr;
  }
}

/**
 * makeRewriter, refusing a regex that does not compile as CoreDNS's setup does (plugin/rewrite
 * name.go isValidRegexPattern, ttl.go and rcode.go newTTLRule/newRCodeRule). Found by fuzzing: the
 * SyntaxError escaped the Corefile setup.
 */
function rewriter(
  d: Directive,
  rule: "name" | "ttl" | "rcode",
  type: MatchType,
  from: string,
  to: string,
): StringRewriter {
  try {
    return makeRewriter(type, from, to);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const what =
      rule === "name" ? "invalid regex matching pattern" : `invalid regex pattern in a ${rule} rule`;
    return fail(d, `${what}: ${from}`);
  }
}

function parseMatch(d: Directive, args: string[]): { type: MatchType; rest: string[] } {
  const first = args[0] as MatchType | undefined;
  if (first && MATCH_TYPES.has(first)) return { type: first, rest: args.slice(1) };
  return { type: "exact", rest: args };
}

/**
 * name.go newRemapStringRewriter: the rewritten name (and names under it) back to the original, as
 * `answer auto` and every exact rule restore them (owner names and record values alike).
 */
function remap(rewritten: string, original: string): StringRewriter {
  return {
    rewrite(src) {
      if (src === rewritten) return original;
      if (src.endsWith(`.${rewritten}`)) return src.slice(0, src.length - rewritten.length) + original;
      return undefined;
    },
  };
}

/** name.go suffixStringRewriter: `suffix` at the end of a name (as written) becomes `replacement`. */
function suffixBack(suffix: string, replacement: string): StringRewriter {
  const [f, t] = [fqdnLower(suffix), fqdnLower(replacement)];
  return { rewrite: (src) => (src.endsWith(f) ? src.slice(0, src.length - f.length) + t : undefined) };
}

const byName = (rw: StringRewriter): ResponseRule => ({
  rr: (rr) => ({ ...rr, name: rw.rewrite(rr.name) ?? rr.name }),
});
const byValue = (rw: StringRewriter): ResponseRule => ({
  rr: (rr) => (TARGETED.has(rr.type) ? rewriteValue(rr, rw) : rr),
});

/**
 * name.go parseAnswerRules: `answer auto`, `answer name FROM TO`, `answer value FROM TO`; FROM is
 * always a regular expression (isValidRegexPattern), whatever the rule's own match type.
 */
function answerRules(d: Directive, answer: readonly string[]): { auto: boolean; rules: ResponseRule[] } {
  let auto = false;
  let names = 0;
  const rules: ResponseRule[] = [];
  let i = 0;
  while (i < answer.length) {
    if (answer[i] !== "answer") fail(d, `unexpected '${answer[i]}' in name rule`);
    const kind = answer[i + 1];
    if (kind === "auto") {
      auto = true;
      i += 2;
    } else if (kind === "name" || kind === "value") {
      const f = answer[i + 2];
      const t = answer[i + 3];
      if (!f || !t) fail(d, `answer ${kind} wants FROM TO`);
      const rw = rewriter(d, "name", "regex", f, t);
      rules.push(kind === "name" ? byName(rw) : byValue(rw));
      if (kind === "name") names++;
      i += 4;
    } else {
      fail(d, `unknown answer rewrite '${kind ?? ""}'`);
    }
  }
  if (auto && names > 0) fail(d, "auto name answer rule cannot be combined with explicit name anwer rules");
  return { auto, rules };
}

function nameRule(d: Directive, mode: Rule["mode"], args: string[]): Rule {
  const { type, rest } = parseMatch(d, args);
  if (rest.length < 2) fail(d, "name rule wants [MATCH] FROM TO [answer ...]");
  const [from, to, ...answer] = rest as [string, string, ...string[]];
  const request = rewriter(d, "name", type, from, to);
  const parsed = answerRules(d, answer);
  // name.go newExactNameRule: exact rules are always auto. newSuffixNameRule: a suffix rule's
  // `answer auto` is not the remap but a static suffix rewriter back (TO's suffix → FROM's), on every
  // owner name and record value of the reply, case-sensitive (suffixStringRewriter).
  const auto = (parsed.auto && type !== "suffix") || type === "exact";
  const statics =
    parsed.auto && type === "suffix"
      ? [byName(suffixBack(to, from)), byValue(suffixBack(to, from)), ...parsed.rules]
      : parsed.rules;
  return {
    mode,
    apply(q) {
      // state.Name(): the original name, lower-cased, cached before the question is rewritten.
      const original = q.name.toLowerCase();
      const out = request.rewrite(q.name);
      if (out === undefined) return undefined;
      q.name = out;
      // nameRuleBase.responseRuleFor: the remap pair first, then the static answer rules.
      if (!auto) return statics;
      const rw = remap(out, original);
      return [byName(rw), byValue(rw), ...statics];
    },
  };
}

function ttlRange(d: Directive, s: string): [number, number] {
  const m = /^(\d*)-(\d*)$/.exec(s);
  if (/^\d+$/.test(s)) return [Number(s), Number(s)];
  if (!m || (m[1] === "" && m[2] === "")) fail(d, `invalid TTL '${s}'`);
  return [m[1] ? Number(m[1]) : 0, m[2] ? Number(m[2]) : 0xffffffff];
}

/** rewrite.go newRule: `[continue|stop] TYPE ARGS...` (mode and type in any case). */
export function parseRule(d: Directive, setup: RuleSetup): Rule {
  const args = d.args;
  if (!args.length) fail(d, "no rule type specified for rewrite");
  const arg0 = args[0]!.toLowerCase();
  let mode: Rule["mode"] = "stop";
  let start = 1;
  if (arg0 === "stop" || arg0 === "continue") {
    if (args.length < 2) fail(d, `${arg0} rule must begin with a rule type`);
    mode = arg0;
    start = 2;
  }
  const kind = args[start - 1]!.toLowerCase();
  const rest = args.slice(start);
  switch (kind) {
    case "answer":
      return fail(d, "response rewrites must begin with a name rule");
    case "name":
      return nameRule(d, mode, rest);
    case "type":
    case "class": {
      if (rest.length !== 2) fail(d, `${kind} rules must have exactly two arguments`);
      const [from, to] = [rest[0]!.toUpperCase(), rest[1]!.toUpperCase()];
      return {
        mode,
        apply(q) {
          const field = kind === "type" ? "type" : "class";
          if (q[field].toUpperCase() !== from) return undefined;
          q[field] = to;
          return [];
        },
      };
    }
    case "ttl": {
      const { type, rest: r } = parseMatch(d, rest);
      if (r.length !== 2) fail(d, "ttl rule wants [MATCH] NAME TTL");
      const match = rewriter(d, "ttl", type, r[0]!, r[0]!);
      const [min, max] = ttlRange(d, r[1]!);
      return {
        mode,
        apply(q) {
          if (match.rewrite(q.name) === undefined) return undefined;
          return [{ rr: (rr) => ({ ...rr, ttl: Math.min(Math.max(rr.ttl, min), max) }) }];
        },
      };
    }
    case "rcode": {
      const { type, rest: r } = parseMatch(d, rest);
      if (r.length !== 3) fail(d, "rcode rule wants [MATCH] NAME FROM TO");
      const match = rewriter(d, "rcode", type, r[0]!, r[0]!);
      const [from, to] = [r[1]!.toUpperCase(), r[2]!.toUpperCase()];
      return {
        mode,
        apply(q) {
          if (match.rewrite(q.name) === undefined) return undefined;
          return [{ msg: (m) => (m.rcode === from ? { ...m, rcode: to } : m) }];
        },
      };
    }
    case "edns0":
      return edns0Rule(d, mode, rest, setup);
    case "cname":
      return cnameRule(d, mode, rest, setup);
    default:
      // `%q` of the line's first word, which is the mode when there is one.
      return fail(d, `invalid rule type ${JSON.stringify(args[0])}`);
  }
}
