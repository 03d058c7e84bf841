/**
 * plugin/dns64 (CoreDNS 1.14.7 plugin/dns64): an AAAA/IN query from an IPv6 client (any client with
 * `allow_ipv4`) goes down the chain; unless the reply is NXDOMAIN, or already holds AAAA records
 * (without `translate_all`), the server is asked the A question through its whole chain
 * (plugin/pkg/upstream Lookup) and every A record becomes an AAAA inside the prefix (dns64.go
 * Synthesize). The synthesized reply is a fresh SetReply: NOERROR, no AA, no RA, the lookup's
 * authority, additional and TC, each TTL capped by the original reply's SOA TTL (600 without one).
 */
import { formatIPv6, isIPv6, parseIPv4 } from "../../../net/index.js";
import type { DnsMessage } from "../../message.js";
import type { DnsRequest, DnsResult, PluginEnv, PluginFactory } from "../../plugin.js";
import { typify } from "../cache/typify.js";
import { newWithQuestion, replyTo } from "../shared/index.js";
import { parseDns64 } from "./setup.js";
import type { Dns64Options } from "./setup.js";

/** dns64.go to6: the IPv4 address laid into the prefix, skipping bits 64..71 (RFC 6052 §2.2). */
export function to6(prefix: Uint8Array, prefixLen: number, v4: number): string {
  const addr = [v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff];
  const v6 = new Uint8Array(16);
  let i = 0;
  let j = 0;
  for (; i < prefixLen / 8; i++) v6[i] = prefix[i]!;
  for (; i < 8; i++, j++) v6[i] = addr[j]!;
  if (i === 8) i++;
  for (; j < 4; i++, j++) v6[i] = addr[j]!;
  return formatIPv6(v6.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n));
}

function synthesize(o: Dns64Options, req: DnsRequest, orig: DnsMessage, resp: DnsMessage): DnsMessage {
  const ret = replyTo(req.msg);
  ret.flags.tc = resp.flags.tc;
  ret.additional = resp.additional;
  if (resp.edns) ret.edns = resp.edns;
  ret.authority = resp.authority;
  let soaTtl = 600;
  for (const ns of orig.authority) if (ns.type === "SOA") soaTtl = ns.ttl;
  ret.answer = resp.answer.map((rr) => {
    if (rr.type !== "A" || rr.data.type !== "A") return rr;
    const address = to6(o.prefix, o.prefixLen, parseIPv4(rr.data.address)!);
    return { ...rr, type: "AAAA", ttl: Math.min(rr.ttl, soaTtl), data: { type: "AAAA", address } };
  });
  return ret;
}

function serve(o: Dns64Options, env: PluginEnv, req: DnsRequest, next: (r: DnsRequest) => DnsResult) {
  // requestShouldIntercept: req.Family() is the client's address family.
  const q = req.msg.question[0]!;
  if ((!o.allowIPv4 && !isIPv6(req.clientIp)) || req.qtype !== "AAAA" || q.class !== "IN") return next(req);
  const r = next(req);
  if (r.kind !== "reply") return r;
  // responseShouldDNS64.
  if (typify(r.msg) === "NameError") return r;
  if (!o.translateAll && r.msg.answer.some((rr) => rr.type === "AAAA")) return r;
  const resp = env.selfQuery(newWithQuestion(req.msg, req.qname, "A"));
  // A lookup nobody answered: Synthesize would dereference a nil message (recovered as SERVFAIL).
  if (resp.kind !== "reply")
    return {
      kind: "error" as const,
      rcode: "SERVFAIL",
      by: "dns64",
      notes: ["dns64: the A lookup got no reply"],
    };
  return {
    kind: "reply" as const,
    msg: synthesize(o, req, r.msg, resp.msg),
    by: "dns64",
    notes: [...(r.notes ?? []), "dns64: AAAA synthesized from the A records"],
  };
}

export const dns64Plugin: PluginFactory = {
  name: "dns64",
  setup(d, _block, env) {
    const o = parseDns64(d);
    return { name: "dns64", serve: (req, next) => serve(o, env, req, next) };
  },
};
