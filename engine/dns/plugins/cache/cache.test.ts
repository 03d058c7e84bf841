import { describe, it, expect } from "vitest";
import { cannedNext, dig, directive, request, rr, serverBlock, testEnv } from "../testing/index.js";
import { cachePlugin } from "./index.js";

// Expectations from dns-behaviour.md §11.3 and reading plugin/cache (code reading, not upstream tests).
const soa = rr(
  "cluster.local.",
  "SOA",
  30,
  "ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30",
);

describe("cache", () => {
  it("rewrites every RR to one clamped TTL, then serves hits with AA and the remaining TTL", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const next = cannedNext(
      (req) => ({
        flags: { qr: true, aa: false, tc: false, rd: true, ra: true, ad: false, cd: false },
        answer: [rr(req.qname, "A", 300, "93.184.215.14"), rr(req.qname, "A", 120, "93.184.215.15")],
      }),
      calls,
    );
    const p = cachePlugin.setup(directive("cache 30"), serverBlock(), env);
    const first = dig(p.serve(request("example.com."), next));
    expect(first.answer).toEqual([
      "example.com. 30 IN A 93.184.215.14",
      "example.com. 30 IN A 93.184.215.15",
    ]);
    expect(first.flags).not.toContain("aa");
    env.clock.advance(12_500);
    const hit = dig(p.serve(request("EXAMPLE.com."), next));
    expect(calls.calls).toBe(1);
    expect(hit.flags).toContain("aa");
    // Owner names keep the case of the query that filled the cache.
    expect(hit.answer).toEqual(["example.com. 18 IN A 93.184.215.14", "example.com. 18 IN A 93.184.215.15"]);
    env.clock.advance(18_000);
    p.serve(request("example.com."), next);
    expect(calls.calls).toBe(2);
  });

  it("clamps to the minimum 5s and caches NXDOMAIN by the SOA record's TTL", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const p = cachePlugin.setup(directive("cache 30"), serverBlock(), env);
    const low = cannedNext((req) => ({ answer: [rr(req.qname, "A", 1, "10.0.0.1")] }));
    expect(dig(p.serve(request("low.example."), low)).answer).toEqual(["low.example. 5 IN A 10.0.0.1"]);
    const nx = cannedNext(() => ({ rcode: "NXDOMAIN", authority: [{ ...soa, ttl: 10 }] }), calls);
    expect(dig(p.serve(request("nope.cluster.local."), nx)).authority[0]).toMatch(
      /^cluster\.local\. 10 IN SOA/,
    );
    env.clock.advance(9_000);
    expect(dig(p.serve(request("nope.cluster.local."), nx)).authority[0]).toMatch(
      /^cluster\.local\. 1 IN SOA/,
    );
    expect(calls.calls).toBe(1);
  });

  it("disable success stops storing but still clamps the TTL", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const p = cachePlugin.setup(directive("cache 30 { disable success cluster.local }"), serverBlock(), env);
    const next = cannedNext((req) => ({ answer: [rr(req.qname, "A", 300, "10.96.0.1")] }), calls);
    expect(dig(p.serve(request("kubernetes.default.svc.cluster.local."), next)).answer[0]).toContain(
      " 30 IN A ",
    );
    p.serve(request("kubernetes.default.svc.cluster.local."), next);
    expect(calls.calls).toBe(2);
  });

  it("does not cache a CNAME-only reply without SOA, truncated replies, or REFUSED", () => {
    const env = testEnv();
    const p = cachePlugin.setup(directive("cache"), serverBlock(), env);
    for (const build of [
      () => ({ answer: [rr("ext.default.svc.cluster.local.", "CNAME", 5, "example.com.")] }),
      (req: { qname: string }) => ({
        flags: { qr: true, aa: true, tc: true, rd: true, ra: true, ad: false, cd: false },
        answer: [rr(req.qname, "A", 5, "10.0.0.1")],
      }),
      () => ({ rcode: "REFUSED" }),
    ]) {
      const calls = { calls: 0 };
      const next = cannedNext(build, calls);
      p.serve(request("ext.default.svc.cluster.local."), next);
      p.serve(request("ext.default.svc.cluster.local."), next);
      expect(calls.calls).toBe(2);
      expect(p.sizes()).toEqual({ success: 0, denial: 0 });
    }
  });

  it("CoreDNS 1.14.7 classes: a CNAME-only reply is NoError for its TTL (clamped, not 5s) yet not stored; CNAME + NXDOMAIN is OtherError (5s, not stored); NXDOMAIN without SOA is not stored", () => {
    const cases: [string, Parameters<typeof cannedNext>[0], number][] = [
      [
        "cname-only",
        () => ({ answer: [rr("ext.default.svc.cluster.local.", "CNAME", 60, "example.com.")] }),
        30,
      ],
      [
        "cname+nxdomain",
        () => ({
          rcode: "NXDOMAIN",
          answer: [rr("ext.default.svc.cluster.local.", "CNAME", 60, "x.example.")],
          authority: [soa],
        }),
        5,
      ],
      ["nxdomain-no-soa", () => ({ rcode: "NXDOMAIN" }), 5],
    ];
    for (const [what, build, ttl] of cases) {
      const p = cachePlugin.setup(directive("cache 30"), serverBlock(), testEnv());
      const calls = { calls: 0 };
      const next = cannedNext(build, calls);
      const r = p.serve(request("ext.default.svc.cluster.local."), next);
      p.serve(request("ext.default.svc.cluster.local."), next);
      expect(calls.calls, what).toBe(2);
      expect(p.sizes(), what).toEqual({ success: 0, denial: 0 });
      if (r.kind === "reply" && r.msg.answer.length) expect(r.msg.answer[0]!.ttl, what).toBe(ttl);
    }
  });

  it("caches SERVFAIL replies 5s by default; servfail 0 disables", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const sf = cannedNext(() => ({ rcode: "SERVFAIL" }), calls);
    const p = cachePlugin.setup(directive("cache"), serverBlock(), env);
    p.serve(request("x.example."), sf);
    env.clock.advance(4_000);
    p.serve(request("x.example."), sf);
    expect(calls.calls).toBe(1);
    const p0 = cachePlugin.setup(directive("cache { servfail 0 }"), serverBlock(), env);
    p0.serve(request("x.example."), sf);
    p0.serve(request("x.example."), sf);
    expect(calls.calls).toBe(3);
  });

  it("a CNAME chain that never reaches the qtype, with an SOA, is negatively cached", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const p = cachePlugin.setup(directive("cache 30"), serverBlock(), env);
    const next = cannedNext(
      (req) => ({ answer: [rr(req.qname, "CNAME", 300, "example.com.")], authority: [{ ...soa, ttl: 20 }] }),
      calls,
    );
    expect(dig(p.serve(request("ext.default.svc.cluster.local.", "AAAA"), next)).answer).toEqual([
      "ext.default.svc.cluster.local. 20 IN CNAME example.com.",
    ]);
    p.serve(request("ext.default.svc.cluster.local.", "AAAA"), next);
    expect(calls.calls).toBe(1);
    expect(p.sizes()).toEqual({ success: 0, denial: 1 });
  });

  it("prefetch refreshes a popular item near expiry without delaying the hit", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const p = cachePlugin.setup(directive("cache 100 { prefetch 2 1m 10% }"), serverBlock(), env);
    const next = cannedNext((req) => ({ answer: [rr(req.qname, "A", 100, "10.0.0.1")] }), calls);
    p.serve(request("p.example."), next);
    env.clock.advance(50_000);
    p.serve(request("p.example."), next);
    env.clock.advance(41_000);
    // 9s left ≤ ceil(10% of 100): this hit (the 2nd within the window) triggers a refresh.
    expect(dig(p.serve(request("p.example."), next)).answer).toEqual(["p.example. 9 IN A 10.0.0.1"]);
    expect(calls.calls).toBe(2);
    expect(dig(p.serve(request("p.example."), next)).answer).toEqual(["p.example. 100 IN A 10.0.0.1"]);
  });

  it("keys on the DO bit", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const p = cachePlugin.setup(directive("cache"), serverBlock(), env);
    const next = cannedNext((req) => ({ answer: [rr(req.qname, "A", 60, "10.0.0.1")] }), calls);
    p.serve(request("a.example.", "A", { edns: 1232, do: false }), next);
    p.serve(request("a.example.", "A", { edns: 1232, do: true }), next);
    expect(calls.calls).toBe(2);
  });

  it("serve_stale answers TTL 0 after expiry and refreshes", () => {
    const env = testEnv();
    const calls = { calls: 0 };
    const p = cachePlugin.setup(directive("cache 10 { serve_stale 1h }"), serverBlock(), env);
    const next = cannedNext((req) => ({ answer: [rr(req.qname, "A", 60, "10.0.0.1")] }), calls);
    p.serve(request("s.example."), next);
    env.clock.advance(20_000);
    expect(dig(p.serve(request("s.example."), next)).answer).toEqual(["s.example. 0 IN A 10.0.0.1"]);
    expect(calls.calls).toBe(2);
    expect(dig(p.serve(request("s.example."), next)).answer).toEqual(["s.example. 10 IN A 10.0.0.1"]);
  });

  it("evicts deterministically when a shard is full", () => {
    const run = () => {
      const env = testEnv();
      const p = cachePlugin.setup(directive("cache { success 256 }"), serverBlock(), env);
      const next = cannedNext((req) => ({ answer: [rr(req.qname, "A", 60, "10.0.0.1")] }));
      for (let i = 0; i < 3000; i++) p.serve(request(`n${i}.example.`), next);
      return p.sizes().success;
    };
    const n = run();
    expect(n).toBeLessThanOrEqual(256 * 4);
    expect(run()).toBe(n);
  });

  it("rejects unknown properties naming the line", () => {
    expect(() => cachePlugin.setup(directive("cache 30 { sucess 10 }", 4), serverBlock(), testEnv())).toThrow(
      expect.objectContaining({ line: 5, message: "plugin/cache: unknown property 'sucess'" }),
    );
  });
});
