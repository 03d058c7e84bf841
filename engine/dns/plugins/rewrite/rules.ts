/**
 * Rewrite rules (plugin/rewrite/{name,type,class,ttl,rcode}.go). A rule, when it matches the request,
 * changes the request in place and may return response rules, which the reverter applies to every RR
 * of the reply in reverse order of registration (reverter.go).
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { Directive } from "../../plugin.js";
import { fail } from "../shared/index.js";
import { modeNotModelled } from "../unmodelled.js";
import { fqdnLower, makeRewriter, MATCH_TYPES } from "./matcher.js";
import type { MatchType, StringRewriter } from "./matcher.js";

export interface ResponseRule {
  /** Per-RR rewrite (names, values, TTLs). */
  rr?(rr: ResourceRecord): ResourceRecord;
  /** Whole-message rewrite (rcode). */
  msg?(m: DnsMessage): DnsMessage;
}

export interface Rule {
  mode: "stop" | "continue";
  /** Rewrites `q` in place; returns response rules when it matched, undefined otherwise. */
  apply(q: { name: string; type: string; class: string }): ResponseRule[] | undefined;
}

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

export function parseRule(d: Directive): Rule {
  let args = [...d.args];
  let mode: Rule["mode"] = "stop";
  if (args[0] === "stop" || args[0] === "continue") {
    mode = args[0];
    args = args.slice(1);
  }
  const kind = args.shift();
  switch (kind) {
    case "name":
      return nameRule(d, mode, args);
    case "type":
    case "class": {
      if (args.length !== 2) fail(d, `${kind} rule wants FROM TO`);
      const [from, to] = [args[0]!.toUpperCase(), args[1]!.toUpperCase()];
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
      const { type, rest } = parseMatch(d, args);
      if (rest.length !== 2) fail(d, "ttl rule wants [MATCH] NAME TTL");
      const match = rewriter(d, "ttl", type, rest[0]!, rest[0]!);
      const [min, max] = ttlRange(d, rest[1]!);
      return {
        mode,
        apply(q) {
          if (match.rewrite(q.name) === undefined) return undefined;
          return [{ rr: (rr) => ({ ...rr, ttl: Math.min(Math.max(rr.ttl, min), max) }) }];
        },
      };
    }
    case "rcode": {
      const { type, rest } = parseMatch(d, args);
      if (rest.length !== 3) fail(d, "rcode rule wants [MATCH] NAME FROM TO");
      const match = rewriter(d, "rcode", type, rest[0]!, rest[0]!);
      const [from, to] = [rest[1]!.toUpperCase(), rest[2]!.toUpperCase()];
      return {
        mode,
        apply(q) {
          if (match.rewrite(q.name) === undefined) return undefined;
          return [{ msg: (m) => (m.rcode === from ? { ...m, rcode: to } : m) }];
        },
      };
    }
    case "edns0":
    case "cname":
      throw modeNotModelled(d, `the '${kind}' rule`);
    default:
      return fail(d, `invalid rule type '${kind ?? ""}'`);
  }
}
