import { describe, it, expect } from "vitest";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { forwardPlugin, upstreamFaultsFor } from "./index.js";

const world = [
  { name: "example.com", type: "A", data: "93.184.215.14", ttl: 120 },
  { name: "www.example.com", type: "CNAME", data: "example.com" },
  { name: "broken.example", type: "", data: "", rcode: "SERVFAIL" },
];

describe("forward over the modelled upstream world", () => {
  it("answers from the world with the client's id, RA set, AA clear", () => {
    const env = testEnv({ upstream: world });
    const p = forwardPlugin.setup(directive("forward . /etc/resolv.conf"), serverBlock(), env);
    const r = p.serve(request("Example.com.", "A"), noNext);
    expect(dig(r)).toEqual({
      status: "NOERROR",
      flags: ["qr", "rd", "ra"],
      answer: ["Example.com. 120 IN A 93.184.215.14"],
      authority: [],
      additional: [],
    });
    expect(r.kind === "reply" && r.msg.id).toBe(4242);
  });

  it("a CH query is answered as Unbound does: CH TXT identity for version.bind, REFUSED otherwise (model decision)", () => {
    const env = testEnv({ upstream: world });
    const p = forwardPlugin.setup(directive("forward . 8.8.8.8"), serverBlock(), env);
    expect(dig(p.serve(request("version.bind.", "TXT", { class: "CH" }), noNext))).toEqual({
      status: "NOERROR",
      flags: ["qr", "rd", "ra"],
      answer: ['version.bind. 0 CH TXT "netspec-upstream"'],
      authority: [],
      additional: [],
    });
    expect(dig(p.serve(request("example.com.", "A", { class: "CH" }), noNext)).status).toBe("REFUSED");
  });

  it("follows a CNAME inside the world", () => {
    const env = testEnv({ upstream: world });
    const r = forwardPlugin
      .setup(directive("forward . 8.8.8.8"), serverBlock(), env)
      .serve(request("www.example.com.", "A"), noNext);
    expect(dig(r).answer).toEqual([
      "www.example.com. 300 IN CNAME example.com.",
      "example.com. 120 IN A 93.184.215.14",
    ]);
  });

  it("absent names are NXDOMAIN with the root SOA (model decision)", () => {
    const env = testEnv({ upstream: world });
    const r = forwardPlugin
      .setup(directive("forward . 8.8.8.8"), serverBlock(), env)
      .serve(request("nope.invalid.", "A"), noNext);
    expect(dig(r).status).toBe("NXDOMAIN");
    expect(dig(r).authority[0]).toMatch(
      /^\. 86400 IN SOA a\.root-servers\.net\. nstld\.verisign-grs\.com\. \d+ 1800 900 604800 86400$/,
    );
  });

  it("names outside FROM or under except go to next", () => {
    const env = testEnv({ upstream: world });
    const p = forwardPlugin.setup(
      directive("forward example.com 8.8.8.8 { except www.example.com }"),
      serverBlock(),
      env,
    );
    let called = 0;
    const next = () => (called++, { kind: "error" as const, rcode: "SERVFAIL", by: "end" });
    p.serve(request("other.org."), next);
    p.serve(request("www.example.com."), next);
    expect(called).toBe(2);
  });

  it("an unreachable upstream costs the 2s read timeout, then the next one answers (sequential)", () => {
    const env = testEnv({ upstream: world });
    upstreamFaultsFor(env.upstream).set("10.0.0.1", { kind: "unreachable" });
    const p = forwardPlugin.setup(
      directive("forward . 10.0.0.1 10.0.0.2 { policy sequential }"),
      serverBlock(),
      env,
    );
    const r = p.serve(request("example.com."), noNext);
    expect(dig(r).status).toBe("NOERROR");
    expect(r.elapsedMs).toBe(2001);
  });

  it("all upstreams failing → SERVFAIL after the 5s deadline (3 attempts of 2s)", () => {
    const env = testEnv({ upstream: world });
    upstreamFaultsFor(env.upstream).set("10.0.0.1", { kind: "unreachable" });
    const p = forwardPlugin.setup(directive("forward . 10.0.0.1"), serverBlock(), env);
    const r = p.serve(request("example.com."), noNext);
    expect(r.kind).toBe("error");
    expect(r.kind === "error" && r.rcode).toBe("SERVFAIL");
    expect(r.elapsedMs).toBe(6000);
    expect(r.notes?.at(-1)).toMatch(/^read udp 10\.244\.0\.3:\d+->10\.0\.0\.1:53: i\/o timeout$/);
  });

  it("a recovered upstream is used again once its health check passes", () => {
    const env = testEnv({ upstream: world });
    const faults = upstreamFaultsFor(env.upstream);
    faults.set("10.0.0.1", { kind: "unreachable" });
    const p = forwardPlugin.setup(
      directive("forward . 10.0.0.1 10.0.0.2 { policy sequential }"),
      serverBlock(),
      env,
    );
    p.serve(request("example.com."), noNext);
    env.clock.advance(3000);
    // Down now (fails > max_fails): skipped without waiting for a timeout.
    expect(p.serve(request("example.com."), noNext).elapsedMs).toBe(1);
    faults.set("10.0.0.1", undefined);
    expect(p.serve(request("example.com."), noNext).notes?.[0]).toContain("10.0.0.1:53 answered NOERROR");
  });

  it("`next RCODE` hands the query on", () => {
    const env = testEnv({ upstream: world });
    const p = forwardPlugin.setup(directive("forward . 10.0.0.1 { next SERVFAIL }"), serverBlock(), env);
    const r = p.serve(request("broken.example."), () => ({
      kind: "error",
      rcode: "REFUSED",
      by: "next-forward",
    }));
    expect(r.kind === "error" && r.rcode).toBe("REFUSED");
  });

  it("an upstream SERVFAIL is returned as-is, or fails over when listed", () => {
    const env = testEnv({ upstream: world });
    const p1 = forwardPlugin.setup(
      directive("forward . 10.0.0.1 10.0.0.2 { policy sequential }"),
      serverBlock(),
      env,
    );
    upstreamFaultsFor(env.upstream).set("10.0.0.1", { kind: "rcode", rcode: "SERVFAIL" });
    expect(dig(p1.serve(request("example.com."), noNext)).status).toBe("SERVFAIL");
    const p2 = forwardPlugin.setup(
      directive("forward . 10.0.0.1 10.0.0.2 { policy sequential; failover SERVFAIL }", 5),
      serverBlock(),
      env,
    );
    expect(dig(p2.serve(request("example.com."), noNext)).status).toBe("NOERROR");
  });

  it("round_robin rotates the first upstream per query", () => {
    const env = testEnv({ upstream: world });
    const p = forwardPlugin.setup(
      directive("forward . 10.0.0.1 10.0.0.2 10.0.0.3 { policy round_robin }"),
      serverBlock(),
      env,
    );
    const first = [1, 2, 3, 4].map(() => p.serve(request("example.com."), noNext).notes![0]!.slice(0, 16));
    expect(first).toEqual(["udp://10.0.0.2:5", "udp://10.0.0.3:5", "udp://10.0.0.1:5", "udp://10.0.0.2:5"]);
  });

  it("an address of this server sends the query back through selfQuery", () => {
    let selfCalls = 0;
    const env = testEnv({
      upstream: world,
      selfQuery: () => (selfCalls++, { kind: "error", rcode: "REFUSED", by: "self" }),
    });
    const p = forwardPlugin.setup(directive("forward . 127.0.0.1"), serverBlock(), env);
    expect(dig(p.serve(request("example.com."), noNext)).status).toBe("REFUSED");
    expect(selfCalls).toBe(1);
  });

  it("rejects bad syntax naming the line", () => {
    const env = testEnv();
    expect(() =>
      forwardPlugin.setup(directive("forward . 1.1.1.1 { polcy random }", 7), serverBlock(), env),
    ).toThrow(expect.objectContaining({ name: "CorefileError", line: 8 }));
    expect(() => forwardPlugin.setup(directive("forward . not-an-ip", 3), serverBlock(), env)).toThrow(
      /not an IP address or file/,
    );
  });
});
