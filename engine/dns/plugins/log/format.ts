/**
 * CoreDNS log line rendering (plugin/log/log.go, plugin/pkg/replacer/replacer.go). Default format
 * `{remote}:{port} - {>id} "{type} {class} {name} {proto} {size} {>do} {>bufsize}" {rcode} {>rflags}
 * {rsize} {duration}` and `{combined}` adding ` "{>opcode}"`; lines are prefixed `[INFO] `.
 */
import type { DnsMessage } from "../../message.js";
import type { DnsRequest, DnsResult } from "../../plugin.js";
import { messageSize } from "../../wire/index.js";
import { replyTo } from "../shared/index.js";

export const COMMON_FORMAT =
  '{remote}:{port} - {>id} "{type} {class} {name} {proto} {size} {>do} {>bufsize}" {rcode} {>rflags} {rsize} {duration}';
export const COMBINED_FORMAT = `${COMMON_FORMAT} "{>opcode}"`;

/** replacer.go: flags in wire order, comma-separated. */
function rflags(m: DnsMessage): string {
  const f = m.flags;
  const out: string[] = [];
  if (f.qr) out.push("qr");
  if (f.aa) out.push("aa");
  if (f.tc) out.push("tc");
  if (f.rd) out.push("rd");
  if (f.ra) out.push("ra");
  if (f.ad) out.push("ad");
  if (f.cd) out.push("cd");
  return out.join(",");
}

/** Go strconv.FormatFloat(seconds, 'f', -1, 64) + "s". */
function goSeconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(15))}s`;
}

/** The reply a client saw for a result (a bare reply for error rcodes, as the server writes it). */
function replyOf(req: DnsRequest, r: DnsResult): DnsMessage | undefined {
  if (r.kind === "reply") return r.msg;
  if (r.kind === "error") return replyTo(req.msg, r.rcode);
  return undefined;
}

export function renderLogLine(format: string, req: DnsRequest, r: DnsResult): string {
  const reply = replyOf(req, r);
  const q = req.msg.question[0];
  const values: Record<string, string> = {
    "{remote}": req.clientIp,
    "{port}": String(req.clientPort ?? 0),
    "{>id}": String(req.msg.id),
    "{type}": req.qtype,
    "{class}": q?.class ?? "IN",
    "{name}": req.qname,
    "{proto}": req.transport,
    "{size}": String(messageSize(req.msg)),
    "{>do}": String(req.msg.edns?.do ?? false),
    "{>bufsize}": String(req.msg.edns?.udpSize ?? 512),
    "{rcode}": reply?.rcode ?? "-",
    "{>rflags}": reply ? rflags(reply) : "-",
    "{rsize}": reply ? String(messageSize(reply)) : "0",
    "{duration}": goSeconds(r.elapsedMs ?? 0),
    "{>opcode}": req.msg.opcode,
  };
  return format.replace(/\{>?[a-z]+\}/g, (k) => values[k] ?? k);
}
