/**
 * The upstream world over real sockets (serveUpstream) sends what the engine's model says it sends:
 * over UDP cut to the query's size (fitToTransport, miekg/dns Msg.Truncate), over TCP whole. Six
 * 100-byte TXT records: 711 bytes whole, four fit 512 (485 bytes), five fit 600 (598 bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsListener } from "../../../engine/index.js";
import { serveUpstream } from "./upstream-server.js";
import { queryServer } from "./wire-client.js";

const txt = (i: number) => `"${"a".repeat(99)}${i}"`;
const records = [1, 2, 3, 4, 5, 6].map((i) => ({ name: "big.example.com", type: "TXT", data: txt(i) }));

let world: DnsListener;
beforeAll(async () => {
  world = await serveUpstream(records, { host: "127.0.0.1", port: 0 });
});
afterAll(() => world.close());

/** `dig @world TXT big.example.com` with +noedns / +bufsize=N / +tcp: flags, answer count, bytes. */
async function dig(opts: { transport?: "udp" | "tcp"; bufsize?: number }): Promise<string> {
  const o = await queryServer("127.0.0.1", world.port, { name: "big.example.com", type: "TXT", ...opts });
  return `flags: ${o.flags.join(" ")}; ANSWER: ${o.answer.length}; MSG SIZE rcvd: ${o.size}`;
}

describe("serveUpstream cuts a UDP reply to the query's size", () => {
  it("dig +noedns: TC, 4 records in 485 bytes", async () => {
    expect(await dig({})).toBe("flags: qr tc rd ra; ANSWER: 4; MSG SIZE rcvd: 485");
  });

  it("dig +bufsize=600: TC, 5 records in 598 bytes", async () => {
    expect(await dig({ bufsize: 600 })).toBe("flags: qr tc rd ra; ANSWER: 5; MSG SIZE rcvd: 598");
  });

  it("dig +bufsize=4096: the whole answer", async () => {
    expect(await dig({ bufsize: 4096 })).toBe("flags: qr rd ra; ANSWER: 6; MSG SIZE rcvd: 711");
  });

  it("dig +tcp +noedns: the whole answer", async () => {
    expect(await dig({ transport: "tcp" })).toBe("flags: qr rd ra; ANSWER: 6; MSG SIZE rcvd: 711");
  });
});
