/**
 * What a plugin/rewrite rule is (rewrite.go Rule: Rewrite and Mode) and what it sees of the request
 * and of setup; the rules themselves are in rules.ts, cname.ts and edns0.ts.
 */
import type { DnsMessage, Question } from "../../message.js";
import type { DnsRequest, PluginEnv, ServerBlock } from "../../plugin.js";
import type { ResponseRule } from "./reverter.js";

/** What a rule sees of the request (rewrite.go: `state := request.Request{W: w, Req: r}`). */
export interface RuleContext {
  /** The request as rewrite got it: client, transport, ports. */
  req: DnsRequest;
  /**
   * The request message, changed in place as the rules change state.Req (its first question is the
   * `q` the rules get, its OPT the edns0 rules' target): the server holds the same message.
   */
  msg: DnsMessage;
  /** Why a rule did what it did, for the engine's reasons. */
  notes: string[];
  /** Set when a response rule left a name miekg/dns cannot pack (the reply is then not written). */
  unpackable?: string;
}

export interface Rule {
  mode: "stop" | "continue";
  /** Rewrites `q` (the request's first question) in place; response rules when it matched. */
  apply(q: Question, ctx: RuleContext): ResponseRule[] | undefined;
  /** The rule's effect depends on the client's address or port (an edns0 variable). */
  perClient?: boolean;
}

/** What rules may use from setup: the plugin's surroundings and the server block. */
export interface RuleSetup {
  env: PluginEnv;
  block: ServerBlock;
}
