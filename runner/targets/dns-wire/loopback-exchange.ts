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
  id: number;
}

/** The query packet (RD set, an OPT record only with a bufsize). */
export function queryPacket(q: LoopbackQuestion): Uint8Array {
  return encodeMessage(
    makeQuery({
      name: q.name,
      type: q.type,
      id: q.id,
      ...(q.class ? { class: q.class } : {}),
      ...(q.bufsize ? { bufsize: q.bufsize } : {}),
    }),
  );
}

function transferDone(msgs: DnsMessage[]): boolean {
  const rrs = msgs.flatMap((m) => m.answer);
  if (msgs[0] && msgs[0].rcode !== "NOERROR") return true;
  return rrs.length >= 2 && rrs[0]!.type === "SOA" && rrs[rrs.length - 1]!.type === "SOA";
}

/** Whether `packets` are a whole reply to a question of `type`. */
export function replyComplete(type: string, packets: Uint8Array[]): boolean {
  if (!packets.length) return false;
  return type !== "AXFR" || transferDone(packets.map((p) => decodeMessage(p)));
}

/**
 * Sends `packet` to 127.0.0.1:`port` from `q.from`; `onPort` learns the client's source port before
 * the packet leaves. Resolves with every reply message (none on timeout).
 */
export function exchangeLoopback(
  port: number,
  q: LoopbackQuestion,
  packet: Uint8Array,
  onPort: (clientPort: number) => void,
  timeoutMs = 1500,
): Promise<Uint8Array[]> {
  return new Promise((resolve) => {
    const got: Uint8Array[] = [];
    if (q.transport === "udp") {
      const s = dgram.createSocket("udp4");
      const t = setTimeout(() => (s.close(), resolve(got)), timeoutMs);
      s.on("message", (b) => (clearTimeout(t), s.close(), resolve([new Uint8Array(b)])));
      s.bind(0, q.from, () => {
        onPort(s.address().port);
        s.send(packet, port, "127.0.0.1");
      });
      return;
    }
    const sock = net.connect({ port, host: "127.0.0.1", localAddress: q.from });
    let buf = Buffer.alloc(0);
    const done = () => (clearTimeout(t), sock.destroy(), resolve(got));
    const t = setTimeout(done, timeoutMs * 2);
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
        got.push(new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0))));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (replyComplete(q.type, got)) done();
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
