/**
 * plugin/header (CoreDNS 1.14.7): `header { query|response set|clear FLAG... }` sets or clears the
 * aa, ra and rd flags of the query before the rest of the chain sees it (handler.go ServeDNS
 * applyRules on r) and of every reply a later plugin writes (header.go ResponseHeaderWriter.WriteMsg).
 * A bare error rcode is written by the server core to the original writer, so response rules never
 * touch it (core/dnsserver/server.go errorFunc).
 */
import type { Flags } from "../../message.js";
import type { Directive, PluginFactory } from "../../plugin.js";
import { argErr, failAt } from "../shared/index.js";

/** header.go Rule: one flag set (true) or cleared (false). */
interface Rule {
  flag: "aa" | "ra" | "rd";
  state: boolean;
}

const FLAGS = new Set(["aa", "ra", "rd"]);

/** header.go newRules. */
function newRules(d: Directive, line: Directive, key: string | undefined, args: string[]): Rule[] {
  const err = (m: string) => failAt(d, line, `setting up rule: ${m}`);
  if (!key) err("no flag action provided");
  if (args.length < 1) err("invalid length for flags, at least one should be provided");
  const action = key!.toLowerCase();
  if (action !== "set" && action !== "clear") err(`unknown flag action=${action}, should be set or clear`);
  return args.map((a) => {
    const flag = a.toLowerCase();
    if (!FLAGS.has(flag)) err(`unknown/unsupported flag=${flag}`);
    return { flag: flag as Rule["flag"], state: action === "set" };
  });
}

/** setup.go parse: query and response rule lists; neither → ArgErr. */
function parse(d: Directive): { query: Rule[]; response: Rule[] } {
  if (d.args.length) argErr(d);
  const out = { query: [] as Rule[], response: [] as Rule[] };
  for (const line of d.block) {
    const selector = line.name.toLowerCase();
    if (selector !== "query" && selector !== "response")
      failAt(d, line, `setting up rule: invalid selector=${selector} should be query or response`);
    const [action, ...flags] = line.args;
    out[selector].push(...newRules(d, line, action, flags));
  }
  if (!out.query.length && !out.response.length) argErr(d);
  return out;
}

function apply(flags: Flags, rules: readonly Rule[]): void {
  for (const r of rules) flags[r.flag] = r.state;
}

export const headerPlugin: PluginFactory = {
  name: "header",
  setup(d) {
    const rules = parse(d);
    return {
      name: "header",
      serve(req, next) {
        // applyRules(r, QueryRules) mutates the request itself: SetReply later copies its RD.
        apply(req.msg.flags, rules.query);
        const r = next(req);
        if (r.kind !== "reply" || !rules.response.length) return r;
        // A copy: the plugin below may hand back a message it keeps (cache entries).
        const flags = { ...r.msg.flags };
        apply(flags, rules.response);
        return { ...r, msg: { ...r.msg, flags } };
      },
    };
  },
};
