/**
 * `dig +comments +question … AXFR` output → one DnsObs, read as the reference reads a transfer
 * (engine/facade/query-path.ts QueryPath.answer): the first message's header, flags, question and
 * extra sections, every message's answer records in order, the sizes added up.
 *
 * For a transfer dig (BIND 9.18) prints no header unless asked: with `+comments` each message starts
 * `;; Got answer:` and its `->>HEADER<<-` (status = rcode), with `+question` its question; the
 * transfer ends `;; XFR size: N records (messages M, bytes B)`. A reply whose rcode is not NOERROR
 * prints its header and then `; Transfer failed.` (fixtures/dig-axfr-refused-coredns.txt).
 */
import type { DnsObs } from "../../observation.js";
import { parseDig } from "./dig-output.js";

/** The flags digArgs adds for a transfer (over TCP), without which this parser has no rcode to read. */
export const TRANSFER_FLAGS = ["+comments", "+question"];

const MESSAGE_START = /^;; Got answer:$/m;
const XFR_SIZE = /^;; XFR size: (\d+) records \(messages (\d+), bytes (\d+)\)/m;

export function parseDigTransfer(text: string, fallbackServer = ""): DnsObs {
  const [, ...chunks] = text.split(MESSAGE_START);
  if (!chunks.length) return noMessage(text, fallbackServer);
  const msgs = chunks.map((c) => parseDig(c, fallbackServer));
  const first = msgs[0]!;
  const last = msgs[msgs.length - 1]!;
  const obs: DnsObs = {
    ...first,
    // The query time and server line follow the last message.
    server: last.server,
    transport: last.transport,
    elapsedMs: last.elapsedMs,
    answer: msgs.flatMap((m) => m.answer),
    reasons: [],
  };
  delete obs.size;
  const size = XFR_SIZE.exec(text);
  if (size) {
    obs.size = Number(size[3]);
    if (msgs.length > 1)
      obs.reasons.push(`the reply is ${msgs.length} messages (a zone transfer), read as one`);
    if (Number(size[2]) !== msgs.length)
      obs.reasons.push(`dig counted ${size[2]} messages, ${msgs.length} were printed`);
  } else if (first.rcode === "NOERROR") {
    // dig prints the XFR size line only once the closing SOA came: the stream broke off before.
    const n = msgs.length;
    obs.reasons.push(`the transfer did not finish: no closing SOA after ${n} message${n === 1 ? "" : "s"}`);
  }
  return obs;
}

/** No message came: a refused TCP connection or a timeout, as parseDig reads them, over TCP. */
function noMessage(text: string, fallbackServer: string): DnsObs {
  return { ...parseDig(text, fallbackServer), transport: "tcp" };
}
