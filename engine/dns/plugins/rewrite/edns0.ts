/**
 * plugin/rewrite edns0.go: `rewrite [continue|stop] edns0 local|nsid|subnet set|append|replace|unset
 * ... [revert]` changes the *request*'s OPT record in place, so every plugin after rewrite, and the
 * server's ScrubWriter, see it (the reply to a request without EDNS gets the OPT the rule created,
 * sized 4096; options CoreDNS echoes, NSID and every code a `local` rule names, come back in it).
 * - Every form but a variable that has no value first gives the request an OPT (setupEdns0Opt
 *   SetEdns0(4096, false)), even when it then changes nothing.
 * - `set` changes the first option of its kind (same code for `local`) or appends one; `replace`
 *   only changes one; `append` always appends (the loop returns only for replace/set), except a
 *   variable rule, which appends only when none exists, and subnet, which leaves an existing one.
 * - `unset` removes every option with the code, whatever its kind; it always matches.
 * - `revert`: the reply's OPT and, while it is written, the request's, get the old option back (or
 *   lose the added one).
 * The option kinds are miekg/dns's: a code it has a type for (NSID, subnet, ...) unpacks as that
 * type, so a `local` rule does not see it; options a `local` rule made are EDNS0_LOCAL whatever the
 * code.
 */
import type { Edns } from "../../message.js";
import type { Directive } from "../../plugin.js";
import { fail } from "../shared/index.js";
import { modeNotModelled } from "../unmodelled.js";
import { family, hexDecode, ipToWire, parseUint, subnetOption, uint16ToWire } from "./edns0-wire.js";
import type { ResponseRule } from "./reverter.js";
import type { Rule, RuleContext, RuleSetup } from "./rule.js";
import { typeNumber } from "../../wire/index.js";

type Option = Edns["options"][number];
type Action = "set" | "append" | "replace" | "unset";

const NSID = 3;
const SUBNET = 8;
/** miekg/dns makeDataOpt: the codes that unpack into a type of their own, not EDNS0_LOCAL. */
const TYPED = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 18, 19]);

/** An EDNS0_LOCAL with the code (a typed code only when a `local` rule made it), or the typed one. */
const isLocal = (o: Option, code: number) => o.code === code && (!TYPED.has(code) || o.local === true);
const isTyped = (o: Option, code: number) => o.code === code && !o.local;
/** The option a `local` rule adds: &dns.EDNS0_LOCAL{Code, Data}. */
const madeLocal = (code: number, data: Uint8Array): Option =>
  TYPED.has(code) ? { code, data: data.slice(), local: true } : { code, data: data.slice() };

/** edns0.go's variables (isValidVariable), and `{plugin/label}` metadata. */
const VARIABLES = new Set([
  "{qname}",
  "{qtype}",
  "{client_ip}",
  "{client_port}",
  "{protocol}",
  "{server_ip}",
  "{server_port}",
]);
/** The variables whose value differs per client (the reply cache must not reuse their replies). */
const PER_CLIENT_VARIABLES = new Set(["{client_ip}", "{client_port}", "{server_ip}", "{server_port}"]);

/** setupEdns0Opt: the request's OPT, made (4096, no DO) when it has none. */
function setupOpt(ctx: RuleContext): Edns {
  ctx.msg.edns ??= { udpSize: 4096, do: false, options: [] };
  return ctx.msg.edns;
}

/** edns0SetResponseRule: the first option with the code removed. */
const removeFirst = (code: number): ResponseRule => ({
  opt(e) {
    const i = e.options.findIndex((o) => o.code === code);
    if (i >= 0) e.options.splice(i, 1);
  },
});

/** edns0ReplaceResponseRule: the first option with the code replaced by the old one. */
const putBack = (code: number, old: Option): ResponseRule => ({
  opt(e) {
    const i = e.options.findIndex((o) => o.code === code);
    if (i >= 0) e.options[i] = { ...old, data: old.data.slice() };
  },
});

function code(d: Directive, s: string): number {
  const c = parseUint(s, 16);
  return typeof c === "number" ? c : fail(d, c.error);
}

/**
 * An option of kind `is` found: replace/set change it (`revert` keeps the old one); else
 * append/set add `made()`; else no match.
 */
function setOrAppend(
  ctx: RuleContext,
  action: Action,
  revert: boolean,
  c: number,
  is: (o: Option) => boolean,
  change: (o: Option) => void,
  made: () => Option,
  appendOnlyIfNone = false,
): ResponseRule[] | undefined {
  const o = setupOpt(ctx);
  const found = o.options.find(is);
  if (found && (action === "replace" || action === "set")) {
    const resp = revert ? [putBack(c, { ...found, data: found.data.slice() })] : [];
    change(found);
    return resp;
  }
  if (found && appendOnlyIfNone) return undefined;
  if (action === "append" || action === "set") {
    o.options.push(made());
    return revert ? [removeFirst(c)] : [];
  }
  return undefined;
}

function localRule(mode: Rule["mode"], action: Action, c: number, data: Uint8Array, revert: boolean): Rule {
  const make = () => madeLocal(c, data);
  return {
    mode,
    apply(_q, ctx) {
      if (action === "unset") return unset(ctx, c);
      return setOrAppend(
        ctx,
        action,
        revert,
        c,
        (o) => isLocal(o, c),
        (o) => (o.data = data.slice()),
        make,
      );
    },
  };
}

function unset(ctx: RuleContext, c: number): ResponseRule[] {
  const o = setupOpt(ctx);
  o.options = o.options.filter((x) => x.code !== c);
  return [];
}

/** edns0VariableRule.ruleData: the variable's bytes, or undefined (the rule is then ignored). */
function variableData(
  v: string,
  q: { name: string; type: string },
  ctx: RuleContext,
): Uint8Array | undefined {
  const r = ctx.req;
  const unknown = (what: string) => {
    ctx.notes.push(`rewrite: ${v}: the ${what} is not known to the model here, so the rule is left out`);
    return undefined;
  };
  const port = (p: number | undefined, what: string) => (p === undefined ? unknown(what) : uint16ToWire(p));
  switch (v) {
    case "{qname}":
      return new TextEncoder().encode(q.name);
    case "{qtype}":
      return uint16ToWire(typeNumber(q.type));
    case "{client_ip}":
      return ipToWire(family(r.clientIp), r.clientIp);
    case "{server_ip}":
      return r.serverIp === undefined ? unknown("server address") : ipToWire(family(r.clientIp), r.serverIp);
    case "{client_port}":
      return port(r.clientPort, "client port");
    case "{server_port}":
      return port(r.serverPort ?? r.port, "server port");
    case "{protocol}":
      return new TextEncoder().encode(r.transport);
    default:
      // metadata.ValueFunc without the metadata plugin collecting: no value (setup refuses the
      // variable where the block loads it).
      return undefined;
  }
}

function variableRule(mode: Rule["mode"], action: Action, c: number, v: string, revert: boolean): Rule {
  return {
    mode,
    perClient: PER_CLIENT_VARIABLES.has(v),
    apply(q, ctx) {
      const data = variableData(v, q, ctx);
      if (!data) return undefined;
      const make = () => madeLocal(c, data);
      const change = (o: Option) => (o.data = data.slice());
      return setOrAppend(ctx, action, revert, c, (o) => isLocal(o, c), change, make, true);
    },
  };
}

function nsidRule(mode: Rule["mode"], action: Action, revert: boolean): Rule {
  return {
    mode,
    apply(_q, ctx) {
      if (action === "unset") return unset(ctx, NSID);
      const empty = () => ({ code: NSID, data: new Uint8Array(0) });
      return setOrAppend(
        ctx,
        action,
        revert,
        NSID,
        (o) => isTyped(o, NSID),
        (o) => (o.data = new Uint8Array(0)),
        empty,
      );
    },
  };
}

function subnetRule(mode: Rule["mode"], action: Action, v4: number, v6: number, revert: boolean): Rule {
  return {
    mode,
    apply(_q, ctx) {
      if (action === "unset") return unset(ctx, SUBNET);
      // fillEcsData cannot fail for an address the model has (request.Family is 1 or 2).
      const data = subnetOption(ctx.req.clientIp, v4, v6) ?? new Uint8Array([0, 0, 0, 0]);
      const is = (o: Option) => isTyped(o, SUBNET);
      const made = () => ({ code: SUBNET, data: data.slice() });
      return setOrAppend(ctx, action, revert, SUBNET, is, (o) => (o.data = data.slice()), made, true);
    },
  };
}

/** newEdns0Rule (and newEdns0UnsetRule, newEdns0LocalRule, newEdns0VariableRule, newEdns0SubnetRule). */
export function edns0Rule(d: Directive, mode: Rule["mode"], argv: string[], setup: RuleSetup): Rule {
  if (argv.length < 2) fail(d, "too few arguments for an EDNS0 rule");
  const kind = argv[0]!.toLowerCase();
  const action = argv[1]!.toLowerCase() as Action;
  if (!["set", "append", "replace", "unset"].includes(action))
    fail(d, `invalid action: ${JSON.stringify(action)}`);
  const support = (c: number) => setup.env.ednsSupported?.add(c);
  if (action === "unset") {
    const want = { local: 3, nsid: 2, subnet: 2 }[kind];
    if (want === undefined) fail(d, `invalid rule type ${JSON.stringify(kind)}`);
    if (argv.length !== want) {
      const n = kind === "local" ? "exactly two arguments" : "exactly one argument";
      fail(d, `${kind} unset action requires ${n}`);
    }
    if (kind === "nsid") return nsidRule(mode, action, false);
    if (kind === "subnet") return subnetRule(mode, action, 0, 0, false);
    const c = code(d, argv[2]!);
    support(c);
    return localRule(mode, action, c, new Uint8Array(0), false);
  }
  let args = argv;
  const revert = args[args.length - 1] === "revert";
  if (revert) args = args.slice(0, -1);
  switch (kind) {
    case "local": {
      if (args.length !== 4) fail(d, "EDNS0 local rules require three or four args");
      const [, , codeArg, data] = args as [string, string, string, string];
      if (data.startsWith("{") && data.endsWith("}")) {
        const c = code(d, codeArg);
        const label = data.slice(1, -1);
        const slash = label.indexOf("/");
        if (!VARIABLES.has(data) && !(slash > 0 && slash < label.length - 1))
          fail(d, `unsupported variable name ${JSON.stringify(data)}`);
        if (!VARIABLES.has(data) && setup.block.directives.some((x) => x.name === "metadata"))
          throw modeNotModelled(
            d,
            `the metadata variable ${data} in a block that loads the metadata plugin (the model has no metadata providers; use {client_ip}, {qname} and the other built-in variables)`,
          );
        support(c);
        return variableRule(mode, action, c, data, revert);
      }
      const c = code(d, codeArg);
      let bytes: Uint8Array = new TextEncoder().encode(data);
      if (data.startsWith("0x")) {
        const h = hexDecode(data.slice(2));
        bytes = h instanceof Uint8Array ? h : fail(d, h.error);
      }
      support(c);
      return localRule(mode, action, c, bytes, revert);
    }
    case "nsid":
      if (args.length !== 2) fail(d, "EDNS0 NSID rules can accept no more than one arg");
      return nsidRule(mode, action, revert);
    case "subnet": {
      if (args.length !== 4) fail(d, "EDNS0 subnet rules require three or four args");
      const bits = (s: string, max: number, v: string) => {
        const n = code(d, s);
        return n > max ? fail(d, `invalid ${v} bit mask length ${n}`) : n;
      };
      return subnetRule(mode, action, bits(args[2]!, 32, "IPv4"), bits(args[3]!, 128, "IPv6"), revert);
    }
    default:
      return fail(d, `invalid rule type ${JSON.stringify(kind)}`);
  }
}
