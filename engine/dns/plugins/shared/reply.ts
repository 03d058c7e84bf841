/** Building replies the way plugins do with miekg/dns `m.SetReply(r)`. */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { DnsRequest, SelfQueryClient } from "../../plugin.js";

/** miekg/dns SetReply: same id, opcode and question; QR set; RD and CD copied; rcode NOERROR. */
export function replyTo(req: DnsMessage, rcode = "NOERROR"): DnsMessage {
  return {
    id: req.id,
    opcode: req.opcode,
    rcode,
    flags: { qr: true, aa: false, tc: false, rd: req.flags.rd, ra: false, ad: false, cd: req.flags.cd },
    question: req.question.map((q) => ({ ...q })),
    answer: [],
    authority: [],
    additional: [],
  };
}

/** A deep-enough copy of a message so wrappers (cache, rewrite, loadbalance) never alias. */
export function cloneMessage(m: DnsMessage): DnsMessage {
  const rr = (r: ResourceRecord): ResourceRecord => ({ ...r, data: structuredClone(r.data) });
  const out: DnsMessage = {
    ...m,
    flags: { ...m.flags },
    question: m.question.map((q) => ({ ...q })),
    answer: m.answer.map(rr),
    authority: m.authority.map(rr),
    additional: m.additional.map(rr),
  };
  if (m.edns) out.edns = { ...m.edns, options: m.edns.options.map((o) => ({ ...o })) };
  return out;
}

/**
 * request.Request.NewWithQuestion, as plugin/pkg/upstream Lookup asks the server itself: a deep copy of
 * the request (r.Req.Copy(), so a plugin changing the lookup's OPT in place, rewrite's edns0 rules,
 * leaves the original alone) whose first question is `name type` in class IN (dns.Fqdn'd).
 */
export function newWithQuestion(msg: DnsMessage, name: string, type: string): DnsMessage {
  const m = cloneMessage(msg);
  m.question = [{ name: name.endsWith(".") ? name : `${name}.`, type, class: "IN" }, ...m.question.slice(1)];
  return m;
}

/** The client of `req` as plugin/pkg/upstream Lookup hands it on (the same ResponseWriter). */
export function clientOf(req: DnsRequest): SelfQueryClient {
  const c: SelfQueryClient = { clientIp: req.clientIp, transport: req.transport };
  if (req.clientPort !== undefined) c.clientPort = req.clientPort;
  if (req.serverIp !== undefined) c.serverIp = req.serverIp;
  if (req.serverPort !== undefined) c.serverPort = req.serverPort;
  return c;
}
