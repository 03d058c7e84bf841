/**
 * Query packets and their replies for the differential tester's `--corefiles` mode: a question
 * encoded with the engine's codec, sent from a chosen loopback address (plugin/view and acl see
 * it) over UDP or TCP, every reply message read (a zone transfer is several, RFC 5936 §2.2: up to
 * the closing SOA), and the messages as one observation (the first's header, every answer in order).
 */
import dgram from "node:dgram";
import net from "node:net";
import { decodeMessage, encodeMessage, makeQuery, type DnsMessage } from "../../../engine/index.js";
import type { DnsObs } from "../../observation.js";
import { dnsObservation } from "./dns-observation.js";

export interface LoopbackQuestion {
  name: string;
  type: string;
  class?: string;
  transport: "udp" | "tcp";
  from: string;
  bufsize?: number;
  /** Ask for the server's NSID (dig +nsid): an empty RFC 5001 option in the OPT record. */
  nsid?: boolean;
  id: number;
}

/** The query packet (RD set, an OPT record only with a bufsize or an NSID request). */
export function queryPacket(q: LoopbackQuestion): Uint8Array {
  const m = makeQuery({
    name: q.name,
    type: q.type,
    id: q.id,
    ...(q.class ? { class: q.class } : {}),
    ...(q.bufsize || q.nsid ? { bufsize: q.bufsize ?? 1232 } : {}),
  });
  if (q.nsid) m.edns!.options.push({ code: 3, data: new Uint8Array(0) });
  return encodeMessage(m);
}

/** Whether `msgs` hold a whole AXFR: an error reply, or a SOA first and another last (RFC 5936 §2.2). */
function transferDone(msgs: DnsMessage[]): boolean {
  const rrs = msgs.flatMap((m) => m.answer);
  if (msgs[0] && msgs[0].rcode !== "NOERROR") return true;
  return rrs.length >= 2 && rrs[0]!.type === "SOA" && rrs[rrs.length - 1]!.type === "SOA";
}

/** How long {@link exchangeLoopback} waits, and who learns the client's port. */
export interface ExchangeOptions {
  /** Learns the client's source port before the packet leaves (plugin/whoami's SRV shows it). */
  onPort?: (clientPort: number) => void;
  /** How long a UDP question waits for its reply (default 1,500 ms). */
  timeoutMs?: number;
  /** How long a TCP question waits for the whole reply, a transfer's closing SOA (default twice timeoutMs). */
  tcpTimeoutMs?: number;
}

/**
 * Sends `packet` to 127.0.0.1:`port` from `q.from`. Resolves with every reply message (none on
 * timeout): over TCP framed by a 2-byte length (RFC 1035 §4.2.2), read until the reply is whole.
 */
export function exchangeLoopback(
  port: number,
  q: LoopbackQuestion,
  packet: Uint8Array,
  opts: ExchangeOptions = {},
): Promise<Uint8Array[]> {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const x = { port, q, packet, onPort: opts.onPort ?? (() => {}) };
  if (q.transport === "udp") return exchangeUdp({ ...x, timeoutMs });
  return exchangeTcp({ ...x, timeoutMs: opts.tcpTimeoutMs ?? timeoutMs * 2 });
}

/** One exchange's arguments, its timeout resolved for its transport. */
interface Exchange {
  port: number;
  q: LoopbackQuestion;
  packet: Uint8Array;
  onPort: (clientPort: number) => void;
  timeoutMs: number;
}

function exchangeUdp({ port, q, packet, onPort, timeoutMs }: Exchange): Promise<Uint8Array[]> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    const t = setTimeout(() => (s.close(), resolve([])), timeoutMs);
    s.on("message", (b) => (clearTimeout(t), s.close(), resolve([new Uint8Array(b)])));
    s.bind(0, q.from, () => {
      onPort(s.address().port);
      s.send(packet, port, "127.0.0.1");
    });
  });
}

function exchangeTcp({ port, q, packet, onPort, timeoutMs }: Exchange): Promise<Uint8Array[]> {
  return new Promise((resolve) => {
    const got: Uint8Array[] = [];
    // An AXFR's messages decoded once each as they arrive, not all again on every chunk.
    const msgs: DnsMessage[] = [];
    const sock = net.connect({ port, host: "127.0.0.1", localAddress: q.from });
    let buf = Buffer.alloc(0);
    const done = () => (clearTimeout(t), sock.destroy(), resolve(got));
    const t = setTimeout(done, timeoutMs);
    sock.on("connect", () => {
      onPort(sock.localPort ?? 0);
      const frame = Buffer.alloc(2 + packet.length);
      frame.writeUInt16BE(packet.length, 0);
      frame.set(packet, 2);
      sock.write(frame);
    });
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const frame = new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        got.push(frame);
        if (q.type === "AXFR") msgs.push(decodeMessage(frame));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (got.length && (q.type !== "AXFR" || transferDone(msgs))) done();
    });
    sock.on("error", done);
    sock.on("close", done);
  });
}

/** The reply messages as one observation; a timeout when there are none. */
export function packetsObservation(packets: Uint8Array[], transport: "udp" | "tcp", server: string): DnsObs {
  if (!packets.length) return dnsObservation({ server, transport, elapsedMs: 0, reasons: [] });
  const msgs = packets.map((p) => decodeMessage(p));
  const reply = msgs.length === 1 ? msgs[0]! : { ...msgs[0]!, answer: msgs.flatMap((m) => m.answer) };
  const size = packets.reduce((n, p) => n + p.length, 0);
  const reasons = msgs.length > 1 ? [`${msgs.length} messages`] : [];
  return dnsObservation({ server, transport, reply, size, elapsedMs: 0, reasons });
}

/** A UDP port free on 127.0.0.1 (bound once and released; CoreDNS then takes it for UDP and TCP). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    s.bind(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}
