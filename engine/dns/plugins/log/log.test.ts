import { describe, it, expect } from "vitest";
import { cannedNext, directive, request, rr, serverBlock, testEnv } from "../testing/index.js";
import { logPlugin } from "./index.js";

describe("log (plugin/log common format)", () => {
  it("writes CoreDNS's common log line", () => {
    const env = testEnv();
    const p = logPlugin.setup(directive("log"), serverBlock(), env);
    const next = cannedNext((req) => ({ answer: [rr(req.qname, "A", 30, "10.96.0.1")] }));
    const r = p.serve({ ...request("kubernetes.default.svc.cluster.local.", "A", { id: 1234 }) }, (q) => ({
      ...next(q),
      elapsedMs: 0.123,
    }));
    expect(r.kind).toBe("reply");
    expect(env.logs).toEqual([
      '[INFO] 10.244.0.5:52000 - 1234 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd,ra 106 0.000123s',
    ]);
  });
  it("filters by class and name", () => {
    const env = testEnv();
    const p = logPlugin.setup(directive("log example.org { class denial error }"), serverBlock(), env);
    p.serve(
      request("a.example.org."),
      cannedNext((req) => ({ answer: [rr(req.qname, "A", 30, "10.0.0.1")] })),
    );
    p.serve(
      request("b.example.org."),
      cannedNext(() => ({ rcode: "NXDOMAIN" })),
    );
    p.serve(
      request("c.example.com."),
      cannedNext(() => ({ rcode: "NXDOMAIN" })),
    );
    expect(env.logs.length).toBe(1);
    expect(env.logs[0]).toContain("b.example.org. udp");
    expect(() => logPlugin.setup(directive("log { class nope }", 3), serverBlock(), env)).toThrow(
      expect.objectContaining({ line: 4 }),
    );
  });
});
