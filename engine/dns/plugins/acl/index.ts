/**
 * plugin/acl (CoreDNS 1.14.7 plugin/acl/acl.go ServeDNS): rules are checked in Corefile order; the
 * first rule whose zones hold the qname and one of whose policies matches the query type and the
 * client's address decides: `allow` ends the checks, `block` writes REFUSED, `filter` writes NOERROR
 * with no records (both with an OPT of 4096 bytes, DO set, and an Extended DNS Error: 15 Blocked /
 * 17 Filtered), `drop` writes nothing (the client times out). Otherwise the query goes on.
 */
import { cidrContains, parseIp } from "../../../net/index.js";
import type { DnsMessage } from "../../message.js";
import type { DnsRequest, PluginFactory } from "../../plugin.js";
import { isFirst, matchZone, occurrences, replyTo, zonesOrBlock } from "../shared/index.js";
import { parsePolicy } from "./policy.js";
import type { Action, Policy } from "./policy.js";

/** RFC 8914 EDNS option code and the info codes acl.go attaches (dns.ExtendedErrorCodeBlocked/Filtered). */
const EDE = 15;
const EDE_BLOCKED = 15;
const EDE_FILTERED = 17;

interface Rule {
  zones: string[];
  policies: Policy[];
}

/** acl.go matchWithPolicies: the first policy whose types and networks hold the query. */
function match(policies: readonly Policy[], req: DnsRequest): Action | undefined {
  // state.IP() may carry an IPv6 zone (`fe80::1%eth0`): acl.go strips it before parsing.
  const ip = req.clientIp.split("%")[0]!;
  // "Blocking request. Unable to parse source address".
  if (!parseIp(ip)) return "block";
  for (const p of policies) {
    if (!p.qtypes.has("*") && !p.qtypes.has(req.qtype)) continue;
    // No `net` section (or `net *`): 0.0.0.0/0 and ::/0, every address.
    if (p.nets && !p.nets.some((n) => cidrContains(n, ip))) continue;
    return p.action;
  }
  return undefined;
}

/** `new(dns.Msg).SetRcode(r, rcode).SetEdns0(4096, true)` plus the EDE option. */
function edeReply(q: DnsMessage, rcode: string, info: number): DnsMessage {
  const m = replyTo(q, rcode);
  m.edns = {
    udpSize: 4096,
    do: true,
    options: [{ code: EDE, data: new Uint8Array([info >> 8, info & 0xff]) }],
  };
  return m;
}

export const aclPlugin: PluginFactory = {
  name: "acl",
  setup(d, block) {
    // setup.go parse: one ACL per server block holding a rule per `acl` directive, in Corefile order.
    if (!isFirst(d, block)) return { name: "acl", serve: (req, next) => next(req) };
    const rules: Rule[] = occurrences(d, block).map((x) => ({
      zones: zonesOrBlock(x.args, block.zones),
      policies: x.block.map((line) => parsePolicy(x, line)),
    }));
    return {
      name: "acl",
      serve(req, next) {
        for (const rule of rules) {
          const zone = matchZone(rule.zones, req.qname);
          if (zone === undefined) continue;
          switch (match(rule.policies, req)) {
            case "drop":
              return { kind: "drop", by: "acl", notes: [`acl: drop (zone ${zone})`] };
            case "block":
              return { kind: "reply", msg: edeReply(req.msg, "REFUSED", EDE_BLOCKED), by: "acl" };
            case "filter":
              return { kind: "reply", msg: edeReply(req.msg, "NOERROR", EDE_FILTERED), by: "acl" };
            case "allow":
              return next(req);
          }
        }
        return next(req);
      },
    };
  },
};
