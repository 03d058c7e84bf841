/**
 * A DNS client for targets that query a real server (the local target's CoreDNS): the query is built
 * and the reply decoded with the engine's own codec, so a real server's answer lands in exactly the
 * observation shape the reference target produces. Like dig: UDP with one try and a deadline, or TCP
 * with the 2-byte length prefix; a truncated UDP reply is reported as is (the probe asked for UDP).
 */
import dgram from "node:dgram";
import net from "node:net";
import { decodeMessage, encodeMessage, makeQuery } from "../../../engine/index.js";
import type { DnsObs } from "../../observation.js";
import { dnsObservation } from "./dns-observation.js";

export interface WireQuery {
  name: string;
  type: string;
  transport?: "udp" | "tcp";
  /** EDNS0 UDP size; absent = no OPT record (dig +noedns). */
  bufsize?: number;
  recursionDesired?: boolean;
  dnssecOk?: boolean;
  timeoutMs?: number;
}

/** Ask `host:port` one question; never throws for network trouble (TIMEOUT / CONNREFUSED instead). */
export async function queryServer(host: string, port: number, q: WireQuery): Promise<DnsObs> {
  const transport = q.transport ?? "udp";
  const id = (Math.random() * 0xffff) | 0;
  const query = encodeMessage(
    makeQuery({
      name: q.name,
      type: q.type,
      id,
      rd: q.recursionDesired ?? true,
      bufsize: q.bufsize,
      do: q.dnssecOk,
    }),
  );
  const started = performance.now();
  const deadline = q.timeoutMs ?? 2000;
  const raw = await (transport === "tcp" ? tcpExchange : udpExchange)(host, port, query, deadline);
  const server = `${host}:${port}`;
  const elapsedMs = Math.round(performance.now() - started);
  if (raw === "timeout" || raw === "refused")
    return dnsObservation({ server, transport, refused: raw === "refused", elapsedMs, reasons: [] });
  return dnsObservation({
    server,
    transport,
    reply: decodeMessage(raw),
    size: raw.length,
    elapsedMs,
    reasons: [],
  });
}

type Raw = Uint8Array | "timeout" | "refused";

function udpExchange(host: string, port: number, query: Uint8Array, deadline: number): Promise<Raw> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    const done = (r: Raw) => {
      clearTimeout(timer);
      socket.close();
      resolve(r);
    };
    const timer = setTimeout(() => done("timeout"), deadline);
    socket.on("message", (msg) => {
      // Replies to another id (a late answer to an earlier query) are ignored, as dig does.
      if (msg.length >= 2 && msg.readUInt16BE(0) === ((query[0]! << 8) | query[1]!))
        done(new Uint8Array(msg));
    });
    socket.on("error", (e: NodeJS.ErrnoException) => done(e.code === "ECONNREFUSED" ? "refused" : "timeout"));
    socket.connect(port, host, () => socket.send(query));
  });
}

function tcpExchange(host: string, port: number, query: Uint8Array, deadline: number): Promise<Raw> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const done = (r: Raw) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done("timeout"), deadline);
    socket.on("connect", () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      socket.write(Buffer.concat([len, query]));
    });
    socket.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0))
        done(new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0))));
    });
    socket.on("error", (e: NodeJS.ErrnoException) => done(e.code === "ECONNREFUSED" ? "refused" : "timeout"));
    socket.on("end", () => done("timeout"));
  });
}

/** The question and outcome of a raw query/reply pair (for a proxy that records a resolver's walk). */
export function summarize(
  query: Uint8Array,
  reply?: Uint8Array,
): { name: string; type: string; rcode: string; answers: number } {
  const q = decodeMessage(query).question[0];
  const base = { name: q?.name ?? "", type: q?.type ?? "" };
  if (!reply) return { ...base, rcode: "TIMEOUT", answers: 0 };
  const r = decodeMessage(reply);
  return { ...base, rcode: r.rcode, answers: r.answer.filter((a) => a.type === base.type).length };
}
