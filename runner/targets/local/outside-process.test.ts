import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectOutside, seenInGreeting, serveOutside } from "./outside-process.js";
import { freeLoopbackPort } from "../dns-wire/index.js";

// Loopback only: the outside host and the client as the local cluster's fabric runs them.
describe("the local cluster's outside host and client", () => {
  let port = 0;
  let close = () => undefined as void;
  beforeAll(async () => {
    // A free UDP port may be taken for TCP, or by a test running beside this one: try another.
    for (let tries = 0; ; tries++) {
      port = await freeLoopbackPort();
      try {
        close = await serveOutside([`127.0.0.1:${port}`]);
        return;
      } catch (error) {
        if (tries >= 5 || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      }
    }
  });
  afterAll(() => close());

  it("TCP: allowed, and the host writes back the source it saw", async () => {
    const r = await connectOutside("127.0.0.1", "127.0.0.1", port, "tcp");
    expect(r.verdict).toBe("allowed");
    expect(seenInGreeting(r.firstLine ?? "")).toBe("127.0.0.1");
  });

  it("UDP: the first datagram back is the greeting", async () => {
    const r = await connectOutside("127.0.0.1", "127.0.0.1", port, "udp");
    expect(r).toMatchObject({ verdict: "allowed", firstLine: "netspec-outside saw=127.0.0.1" });
  });

  it("a closed port is refused, over TCP (RST) and UDP (ICMP port unreachable)", async () => {
    const closed = await freeLoopbackPort();
    expect((await connectOutside("127.0.0.1", "127.0.0.1", closed, "tcp")).verdict).toBe("refused");
    expect((await connectOutside("127.0.0.1", "127.0.0.1", closed, "udp", 2000)).verdict).toBe("refused");
  });

  it("a start that fails on a taken address closes what it had opened", async () => {
    const other = await freeLoopbackPort();
    await expect(serveOutside([`127.0.0.1:${other}`, `127.0.0.1:${port}`])).rejects.toThrow(/EADDRINUSE/);
    expect((await connectOutside("127.0.0.1", "127.0.0.1", other, "tcp")).verdict).toBe("refused");
  });

  it("a line that is not the greeting names no source", () => {
    expect(seenInGreeting("web-1")).toBeUndefined();
  });
});
