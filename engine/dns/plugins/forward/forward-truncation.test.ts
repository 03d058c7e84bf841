/**
 * forward and a reply too big for UDP (plugin/forward/forward.go ServeDNS, plugin/pkg/proxy/connect.go
 * lookupDNS): the query goes upstream as the client sent it after bufsize (no OPT: 512 bytes), the
 * world cuts its reply there (TC, the records that fit), forward passes the TC reply on (a TCP retry
 * only with prefer_udp), and the server's ScrubWriter truncates to the client's size as for any reply.
 */
import { describe, expect, it } from "vitest";
import { corefileDig } from "../testing/corefile.js";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { forwardPlugin } from "./index.js";

const txt = (i: number) => `"${"a".repeat(99)}${i}"`;
const upstream = [1, 2, 3, 4, 5, 6].map((i) => ({ name: "big.example.com", type: "TXT", data: txt(i) }));
const rec = (i: number) => `big.example.com. 300 IN TXT ${txt(i)}`;
const answer = (n: number) => [";; ANSWER:", ...Array.from({ length: n }, (_, i) => rec(i + 1))];

describe("forward over UDP: the upstream's truncated reply", () => {
  it("forward passes the world's TC reply on as it is", () => {
    const p = forwardPlugin.setup(directive("forward . 8.8.8.8"), serverBlock(), testEnv({ upstream }));
    const r = p.serve(request("big.example.com.", "TXT"), noNext);
    expect(dig(r).flags).toEqual(["qr", "tc", "rd", "ra"]);
    expect(dig(r).answer).toEqual(answer(4).slice(1));
    expect(r.notes).toContain("udp://8.8.8.8:53 answered NOERROR (truncated, TC)");
  });

  it("prefer_udp retries a TC reply over TCP (forward.go: Retry with TCP if truncated)", () => {
    const p = forwardPlugin.setup(
      directive("forward . 8.8.8.8 { prefer_udp }"),
      serverBlock(),
      testEnv({ upstream }),
    );
    const r = p.serve(request("big.example.com.", "TXT", { transport: "tcp" }), noNext);
    expect(dig(r).flags).toEqual(["qr", "rd", "ra"]);
    expect(dig(r).answer).toHaveLength(6);
    expect(r.notes).toEqual([
      "udp://8.8.8.8:53 answered truncated (TC): retried over tcp (prefer_udp)",
      "tcp://8.8.8.8:53 answered NOERROR",
    ]);
  });

  it("bufsize 512: dig +noedns and dig +bufsize=4096 get TC and four records; dig +tcp all six", () => {
    const c = corefileDig(".:53 {\n  bufsize 512\n  forward . 8.8.8.8\n}", { upstream });
    expect(c.dig("big.example.com", "TXT")).toBe(
      [";; status: NOERROR, flags: qr tc rd ra", ...answer(4)].join("\n"),
    );
    expect(c.dig("big.example.com", "TXT", { bufsize: 4096 })).toBe(
      [";; status: NOERROR, flags: qr tc rd ra", ";; OPT: udp 512", ...answer(4)].join("\n"),
    );
    expect(c.dig("big.example.com", "TXT", { transport: "tcp" })).toBe(
      [";; status: NOERROR, flags: qr rd ra", ...answer(6)].join("\n"),
    );
  });

  it("cache keeps no TC reply (cache.go key): after a +noedns query, +bufsize=4096 is fetched anew", () => {
    const c = corefileDig(".:53 {\n  cache\n  forward . 8.8.8.8\n}", { upstream });
    expect(c.dig("big.example.com", "TXT")).toBe(
      [";; status: NOERROR, flags: qr tc rd ra", ...answer(4)].join("\n"),
    );
    expect(c.dig("big.example.com", "TXT", { bufsize: 4096 })).toBe(
      [";; status: NOERROR, flags: qr rd ra", ";; OPT: udp 4096", ...answer(6)].join("\n"),
    );
  });
});
