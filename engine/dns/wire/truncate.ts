/**
 * Reply truncation, mirroring miekg/dns msg_truncate.go `(*Msg).Truncate` (as called by CoreDNS
 * request/request.go `Scrub`):
 * - a size under 512 is treated as 512 (RFC 6891);
 * - if the uncompressed message fits, it is returned unchanged (TC untouched, no compression);
 * - otherwise, with compression, the OPT length is reserved first, then the question, then as many
 *   whole RRs as fit from answer, then authority, then additional (a section is only visited while
 *   room remains; the first RR that overflows stops all further sections);
 * - TC is set (or kept) when any RR of any section was dropped; the OPT record is put back last.
 */
import type { DnsMessage } from "../message.js";
import { nameLen, optLen, rrLen } from "./size.js";
import { messageSize } from "./size.js";
import { encodeMessage } from "./codec.js";

/** miekg/dns MinMsgSize. */
export const MIN_MSG_SIZE = 512;

function truncateLoop(
  rrs: DnsMessage["answer"],
  size: number,
  start: number,
  comp: Set<string>,
): [number, number] {
  let l = start;
  for (let i = 0; i < rrs.length; i++) {
    l += rrLen(rrs[i]!, l, comp);
    // miekg/dns: return size (not the previous length) so that no later section gets any record.
    if (l > size) return [size, i];
    if (l === size) return [l, i + 1];
  }
  return [l, rrs.length];
}

/**
 * The messages `truncate` had to cut down: miekg/dns sets `dns.Compress = true` as soon as the
 * uncompressed message does not fit, so they go out compressed even when the cut copy would now fit
 * uncompressed (`encodeReply`).
 */
const compressed = new WeakSet<DnsMessage>();

/** A copy of `msg` cut to fit `maxBytes` (the client's UDP size), with TC set when RRs were dropped. */
export function truncate(msg: DnsMessage, maxBytes: number): DnsMessage {
  let size = Math.max(maxBytes, MIN_MSG_SIZE);
  if (messageSize(msg) <= size) return msg;
  const additional = msg.additional.filter((r) => r.type !== "OPT");
  if (msg.edns) size -= optLen(msg.edns);
  const comp = new Set<string>();
  let l = 12;
  for (const q of msg.question) l += nameLen(q.name, l, comp) + 4;
  let nAns = 0;
  let nNs = 0;
  let nExtra = 0;
  if (l < size) [l, nAns] = truncateLoop(msg.answer, size, l, comp);
  if (l < size) [l, nNs] = truncateLoop(msg.authority, size, l, comp);
  if (l < size) [, nExtra] = truncateLoop(additional, size, l, comp);
  const tc =
    msg.flags.tc || msg.answer.length > nAns || msg.authority.length > nNs || additional.length > nExtra;
  const out: DnsMessage = {
    ...msg,
    flags: { ...msg.flags, tc },
    answer: msg.answer.slice(0, nAns),
    authority: msg.authority.slice(0, nNs),
    additional: additional.slice(0, nExtra),
  };
  compressed.add(out);
  return out;
}

/**
 * The bytes CoreDNS writes for a reply to a client whose buffer is `maxBytes` (request.Scrub →
 * Msg.Truncate → pack): unchanged and uncompressed when the uncompressed form fits ("don't waste effort
 * compressing"), otherwise truncated and compressed. A reply the scrub step already cut (`truncate`)
 * stays compressed: Msg.Truncate set Compress on it, measured before the cut.
 */
export function encodeReply(msg: DnsMessage, maxBytes: number): Uint8Array {
  const size = Math.max(maxBytes, MIN_MSG_SIZE);
  if (!compressed.has(msg)) {
    // The uncompressed encoding is what gets sent when it fits: encode once and measure it.
    const plain = encodeMessage(msg);
    if (plain.length <= size) return plain;
  }
  return encodeMessage(truncate(msg, size), { compress: true });
}
