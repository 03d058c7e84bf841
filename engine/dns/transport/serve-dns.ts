/**
 * The one place the DNS model touches sockets: UDP and TCP listeners on the same port feeding raw
 * packets to a synchronous handler.
 * - UDP: one datagram in, at most one out (replies over 65507 bytes cannot be sent and are dropped).
 * - TCP (RFC 1035 §4.2.2 / RFC 7766): 2-byte length prefix, several queries per connection, frames may
 *   arrive split or coalesced; an incomplete frame at EOF is discarded; a zero-length frame closes the
 *   connection; at most `maxTcpConnections` at a time (extra connections are closed on accept).
 * - TCP deadlines as miekg/dns sets them (server.go serveTCPConn, ReadTCP): each message must arrive
 *   whole within a deadline armed when the server starts waiting for it, `tcpReadTimeoutMs` for the
 *   first (CoreDNS core/dnsserver/server.go NewServer: ReadTimeout 3s) and `tcpIdleTimeoutMs` for
 *   the next ones (IdleTimeout 10s); bytes trickling in do not extend it, so a client sending one byte
 *   a second cannot hold a connection. A client that does not read its replies is closed once they
 *   have waited `tcpWriteTimeoutMs` (WriteTimeout 5s); reading pauses meanwhile, so unread replies
 *   cannot pile up in memory.
 * - A handler exception never takes the server down: the query gets a header-only SERVFAIL when its
 *   header was readable, the error is logged.
 */
import dgram from "node:dgram";
import net from "node:net";

export interface PacketMeta {
  clientIp: string;
  clientPort: number;
  transport: "udp" | "tcp";
  /** The local port the packet arrived on. */
  port: number;
}

export interface ServeDnsOptions {
  /** The reply: one message, several (a zone transfer over TCP, written in order), or none (drop). */
  handle: (packet: Uint8Array, meta: PacketMeta) => Uint8Array | readonly Uint8Array[] | undefined;
  listen: { host: string; port: number };
  /** Deadline for the next message after the first (default 10 s). */
  tcpIdleTimeoutMs?: number;
  /** Deadline for the first message of a connection (default 3 s, at most the idle timeout). */
  tcpReadTimeoutMs?: number;
  /** How long replies may wait for a client that does not read them (default 5 s). */
  tcpWriteTimeoutMs?: number;
  maxTcpConnections?: number;
  log?: (line: string) => void;
}

export interface DnsListener {
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Largest UDP payload over IPv4. */
const MAX_UDP_PAYLOAD = 65507;
const MAX_TCP_MESSAGE = 65535;

/** A header-only SERVFAIL for a query whose handler threw (id, opcode, RD copied; QR set). */
export function servfailFor(packet: Uint8Array): Uint8Array | undefined {
  if (packet.length < 12) return undefined;
  const out = new Uint8Array(12);
  out[0] = packet[0]!;
  out[1] = packet[1]!;
  out[2] = 0x80 | (packet[2]! & 0x79); // QR + opcode + RD
  out[3] = 0x02; // SERVFAIL
  return out;
}

function safeHandle(opts: ServeDnsOptions, packet: Uint8Array, meta: PacketMeta): readonly Uint8Array[] {
  try {
    const r = opts.handle(packet, meta);
    return r === undefined ? [] : r instanceof Uint8Array ? [r] : r;
  } catch (e) {
    opts.log?.(
      `[ERROR] transport: handler failed for ${meta.transport} query from ${meta.clientIp}:${meta.clientPort}: ${(e as Error).message}`,
    );
    const s = servfailFor(packet);
    return s ? [s] : [];
  }
}

function listenUdp(opts: ServeDnsOptions, port: number): Promise<dgram.Socket> {
  const type = net.isIPv6(opts.listen.host) ? "udp6" : "udp4";
  // Replies go back to the literal address a datagram came from: resolve it synchronously instead of
  // through dns.lookup, which defers every send by a tick (lib/dgram.js send → lookup).
  const family = type === "udp6" ? 6 : 4;
  const lookup = (address: string, _o: unknown, cb: (e: null, a: string, f: number) => void) =>
    cb(null, address, family);
  const sock = dgram.createSocket({ type, lookup: lookup as unknown as dgram.SocketOptions["lookup"] });
  return new Promise((resolve, reject) => {
    sock.once("error", reject);
    sock.bind(port, opts.listen.host, () => {
      sock.off("error", reject);
      // A bigger receive buffer absorbs bursts (the OS default drops most of a 1,000-query burst).
      try {
        sock.setRecvBufferSize(4 << 20);
        sock.setSendBufferSize(4 << 20);
      } catch {
        // Not permitted on this host: keep the defaults.
      }
      sock.on("error", (e) => opts.log?.(`[ERROR] transport: udp: ${e.message}`));
      sock.on("message", (msg, rinfo) => {
        // UDP carries one message: only the first of a multi-message reply could ever be sent.
        const reply = safeHandle(opts, new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), {
          clientIp: rinfo.address,
          clientPort: rinfo.port,
          transport: "udp",
          port,
        })[0];
        if (!reply) return;
        if (reply.length > MAX_UDP_PAYLOAD) {
          opts.log?.(`[ERROR] transport: udp reply of ${reply.length} bytes is too large, dropped`);
          return;
        }
        sock.send(reply, rinfo.port, rinfo.address);
      });
      resolve(sock);
    });
  });
}

function onTcpConnection(opts: ServeDnsOptions, port: number, conn: net.Socket): void {
  const idle = opts.tcpIdleTimeoutMs ?? 10_000;
  const firstRead = opts.tcpReadTimeoutMs ?? Math.min(3_000, idle);
  const writeTimeout = opts.tcpWriteTimeoutMs ?? 5_000;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    clearTimeout(deadline);
    deadline = setTimeout(() => conn.destroy(), ms);
  };
  arm(firstRead);
  conn.on("close", () => clearTimeout(deadline));
  conn.on("error", () => conn.destroy());
  // Replies the client does not read: stop reading and give it writeTimeout to catch up.
  let blocked = false;
  conn.on("drain", () => {
    blocked = false;
    conn.resume();
    arm(idle);
  });
  let buf = Buffer.alloc(0);
  conn.on("data", (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (len === 0) {
        conn.destroy();
        return;
      }
      if (buf.length < 2 + len) break;
      const frame = new Uint8Array(buf.subarray(2, 2 + len));
      buf = buf.subarray(2 + len);
      if (!blocked) arm(idle);
      const replies = safeHandle(opts, frame, {
        clientIp: conn.remoteAddress ?? "",
        clientPort: conn.remotePort ?? 0,
        transport: "tcp",
        port,
      });
      if (!replies.length) continue;
      if (replies.some((r) => r.length > MAX_TCP_MESSAGE)) {
        opts.log?.(
          `[ERROR] transport: a tcp reply of more than ${MAX_TCP_MESSAGE} bytes cannot be framed, dropped`,
        );
        continue;
      }
      // Every message of the reply (a zone transfer's envelopes) framed in order, in one write.
      const out = Buffer.alloc(replies.reduce((n, r) => n + 2 + r.length, 0));
      let at = 0;
      for (const r of replies) {
        out.writeUInt16BE(r.length, at);
        out.set(r, at + 2);
        at += 2 + r.length;
      }
      if (!conn.write(out) && !blocked) {
        blocked = true;
        conn.pause();
        arm(writeTimeout);
      }
    }
  });
}

function listenTcp(opts: ServeDnsOptions, port: number): Promise<net.Server> {
  const server = net.createServer((c) =>
    onTcpConnection(opts, (server.address() as net.AddressInfo).port, c),
  );
  server.maxConnections = opts.maxTcpConnections ?? 1000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, opts.listen.host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Serve DNS over UDP and TCP on one port (port 0: an ephemeral port free for both). */
export async function serveDns(opts: ServeDnsOptions): Promise<DnsListener> {
  const sockets = new Set<net.Socket>();
  for (let attempt = 0; ; attempt++) {
    const tcp = await listenTcp(opts, opts.listen.port);
    tcp.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    const port = (tcp.address() as net.AddressInfo).port;
    let udp: dgram.Socket;
    try {
      udp = await listenUdp(opts, port);
    } catch (e) {
      await new Promise<void>((r) => tcp.close(() => r()));
      // The ephemeral TCP port may be taken for UDP: try another one.
      if (opts.listen.port === 0 && attempt < 5) continue;
      throw e;
    }
    return {
      address: opts.listen.host,
      port,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          let pending = 2;
          const done = () => --pending === 0 && resolve();
          tcp.close(done);
          udp.close(done);
        }),
    };
  }
}
