import { describe, it, expect } from "vitest";
import { cannedNext, directive, lines, request, rr, serverBlock, testEnv } from "../testing/index.js";
import { loadbalancePlugin } from "./index.js";

describe("loadbalance (loadbalance.go, code reading)", () => {
  const answer = [
    rr("a.example.", "A", 30, "10.0.0.1"),
    rr("a.example.", "CNAME", 30, "b.example."),
    rr("a.example.", "SRV", 30, "0 50 80 x.example."),
    rr("a.example.", "A", 30, "10.0.0.2"),
    rr("a.example.", "A", 30, "10.0.0.3"),
  ];
  it("puts CNAMEs first, other types next, shuffled addresses last; deterministic per seed", () => {
    const p = loadbalancePlugin.setup(directive("loadbalance"), serverBlock(), testEnv());
    const next = cannedNext(() => ({ answer }));
    const orders = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = p.serve(request("a.example."), next);
      const l = r.kind === "reply" ? lines(r.msg.answer) : [];
      expect(l[0]).toContain("CNAME");
      expect(l[1]).toContain("SRV");
      expect(l.slice(2).sort()).toEqual([
        "a.example. 30 IN A 10.0.0.1",
        "a.example. 30 IN A 10.0.0.2",
        "a.example. 30 IN A 10.0.0.3",
      ]);
      orders.add(l.slice(2).join());
    }
    expect(orders.size).toBeGreaterThan(1);
    const again = loadbalancePlugin.setup(directive("loadbalance"), serverBlock(), testEnv());
    const a = again.serve(request("a.example."), next);
    const b = loadbalancePlugin
      .setup(directive("loadbalance"), serverBlock(), testEnv())
      .serve(request("a.example."), next);
    expect(a).toEqual(b);
  });
  it("leaves non-NOERROR replies alone and prefers subnets", () => {
    const p = loadbalancePlugin.setup(directive("loadbalance prefer 10.0.0.3/32"), serverBlock(), testEnv());
    const r = p.serve(
      request("a.example."),
      cannedNext(() => ({ answer })),
    );
    expect(r.kind === "reply" && lines(r.msg.answer)[0]).toBe("a.example. 30 IN A 10.0.0.3");
    const nx = cannedNext(() => ({ rcode: "NXDOMAIN", answer }));
    const r2 = loadbalancePlugin
      .setup(directive("loadbalance"), serverBlock(), testEnv())
      .serve(request("a.example."), nx);
    expect(r2.kind === "reply" && r2.msg.answer).toEqual(answer);
  });
});
