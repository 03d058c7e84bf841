/**
 * The upstream world over UDP cuts its reply at the query's size as a real resolver does
 * (fitToTransport: miekg/dns msg_truncate.go Msg.Truncate); over TCP the whole answer goes out.
 * Six 100-byte TXT records make a 711-byte compressed reply: 12 header + 21 question + 6 × 113.
 */
import { describe, expect, it } from "vitest";
import type { DnsMessage } from "../../message.js";
import { encodeMessage } from "../../wire/index.js";
import { digText } from "../testing/corefile.js";
import { query } from "../testing/index.js";
import { fitToTransport, UpstreamWorld } from "./upstream-world.js";

const txt = (i: number) => `"${"a".repeat(99)}${i}"`;
const big = [1, 2, 3, 4, 5, 6].map((i) => ({ name: "big.example.com", type: "TXT", data: txt(i) }));
const world = new UpstreamWorld(big, 1_700_000_000);

/** `dig @world TXT big.example.com` (`edns`: +bufsize=N, else +noedns): dig's text and the bytes sent. */
function digWorld(transport: "udp" | "tcp", edns?: number): { text: string; bytes: number } {
  const q = query("big.example.com.", "TXT", edns ? { edns } : {});
  const a = world.answer(q);
  if (a.kind !== "reply") throw new Error("no reply");
  const m: DnsMessage = fitToTransport(q, a.msg, transport);
  return { text: digText(m), bytes: encodeMessage(m, { compress: true }).length };
}

const rec = (i: number) => `big.example.com. 300 IN TXT ${txt(i)}`;

describe("the upstream world fits its UDP reply to the query's size", () => {
  it("dig +noedns: 512 bytes, the four whole records that fit, TC", () => {
    const r = digWorld("udp");
    expect(r.text).toBe(
      [";; status: NOERROR, flags: qr tc rd ra", ";; ANSWER:", rec(1), rec(2), rec(3), rec(4)].join("\n"),
    );
    expect(r.bytes).toBe(485);
  });

  it("dig +bufsize=600: five records fit the advertised 600 bytes, TC", () => {
    const r = digWorld("udp", 600);
    expect(r.text).toBe(
      [";; status: NOERROR, flags: qr tc rd ra", ";; ANSWER:", ...[1, 2, 3, 4, 5].map(rec)].join("\n"),
    );
    expect(r.bytes).toBe(598);
  });

  it("dig +bufsize=256: a size under 512 counts as 512 (RFC 6891 §6.2.5)", () => {
    expect(digWorld("udp", 256)).toEqual(digWorld("udp"));
  });

  it("dig +bufsize=4096: the whole answer fits, no TC", () => {
    const r = digWorld("udp", 4096);
    expect(r.text).toBe(
      [";; status: NOERROR, flags: qr rd ra", ";; ANSWER:", ...[1, 2, 3, 4, 5, 6].map(rec)].join("\n"),
    );
    expect(r.bytes).toBe(711);
  });

  it("dig +tcp +noedns: the whole answer, no TC", () => {
    const r = digWorld("tcp");
    expect(r.text).toBe(
      [";; status: NOERROR, flags: qr rd ra", ";; ANSWER:", ...[1, 2, 3, 4, 5, 6].map(rec)].join("\n"),
    );
  });
});
