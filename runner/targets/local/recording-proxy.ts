/**
 * A DNS forwarder on a loopback address, port 53, between a real stub resolver and the local target's
 * CoreDNS: it relays every UDP datagram and TCP message unchanged and records each question with its
 * outcome, which is the resolver walk a `resolve` probe observes. Port 53 because resolv.conf cannot
 * name another one.
 */
import dgram from "node:dgram";
import net from "node:net";
import type { ResolveTry } from "../../observation.js";
import { summarize } from "../dns-wire/index.js";

export class RecordingProxy {
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private log: ResolveTry[] = [];

  constructor(
    readonly host: string,
    private readonly upstream: () => { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    const udp = dgram.createSocket("udp4");
    udp.on("message", (msg, from) => {
      const started = performance.now();
      const up = this.upstream();
      const out = dgram.createSocket("udp4");
      const timer = setTimeout(() => {
        out.close();
        this.record(msg, undefined, "udp", started);
      }, 5000);
      out.on("message", (reply) => {
        clearTimeout(timer);
        out.close();
        this.record(msg, reply, "udp", started);
        udp.send(reply, from.port, from.address);
      });
      out.send(msg, up.port, up.host);
    });
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(53, this.host, () => resolve());
    });
    this.udp = udp;
    this.tcp = net.createServer((client) => this.relayTcp(client));
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once("error", reject);
      this.tcp!.listen(53, this.host, () => resolve());
    });
  }

  /** Starts a new walk; `walk()` returns what was asked since. */
  begin(): void {
    this.log = [];
  }

  walk(): ResolveTry[] {
    return [...this.log];
  }

  private record(
    query: Uint8Array,
    reply: Uint8Array | undefined,
    transport: "udp" | "tcp",
    started: number,
  ) {
    try {
      const s = summarize(query, reply);
      this.log.push({
        name: s.name,
        type: s.type,
        server: `${this.host}:53`,
        transport,
        rcode: s.rcode,
        answers: s.answers,
        elapsedMs: Math.round(performance.now() - started),
      });
    } catch {
      // Not a DNS message: nothing to record.
    }
  }

  private relayTcp(client: net.Socket): void {
    const up = this.upstream();
    const server = net.connect(up.port, up.host);
    let pending: { query: Uint8Array; started: number }[] = [];
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);
    client.on("data", (d) => {
      fromClient = Buffer.concat([fromClient, d]);
      while (fromClient.length >= 2 && fromClient.length >= 2 + fromClient.readUInt16BE(0)) {
        const len = fromClient.readUInt16BE(0);
        pending.push({ query: new Uint8Array(fromClient.subarray(2, 2 + len)), started: performance.now() });
        fromClient = fromClient.subarray(2 + len);
      }
      server.write(d);
    });
    server.on("data", (d) => {
      fromServer = Buffer.concat([fromServer, d]);
      while (fromServer.length >= 2 && fromServer.length >= 2 + fromServer.readUInt16BE(0)) {
        const len = fromServer.readUInt16BE(0);
        const p = pending.shift();
        if (p) this.record(p.query, new Uint8Array(fromServer.subarray(2, 2 + len)), "tcp", p.started);
        fromServer = fromServer.subarray(2 + len);
      }
      client.write(d);
    });
    const end = () => {
      client.destroy();
      server.destroy();
      pending = [];
    };
    client.on("close", end).on("error", end);
    server.on("close", end).on("error", end);
  }

  async close(): Promise<void> {
    this.udp?.close();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }
}
