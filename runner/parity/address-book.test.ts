import { describe, expect, it } from "vitest";
import { AddressBook } from "./address-book.js";
import type { DnsObs } from "../observation.js";

const obs = (answer: [string, string, string][]): DnsObs => ({
  kind: "dns",
  server: "10.96.0.10:53",
  transport: "udp",
  timeout: false,
  rcode: "NOERROR",
  flags: ["qr", "aa", "rd"],
  question: [{ name: answer[0]?.[0] ?? ".", type: "A", class: "IN" }],
  answer: answer.map(([name, type, data]) => ({ name, ttl: 5, class: "IN", type, data })),
  authority: [],
  additional: [],
  elapsedMs: 0,
  reasons: [],
});

describe("answers compared by the objects that own their addresses", () => {
  const reference = new AddressBook([
    { symbol: "ip(pod default/p0)", ip: "10.244.1.3" },
    { symbol: "cluster-ip(service default/s1)", ip: "10.96.0.1" },
    { symbol: "cluster-ip(service default/s2)", ip: "10.96.0.10" },
  ]);
  const local = new AddressBook([
    { symbol: "ip(pod default/p0)", ip: "10.244.2.35" },
    { symbol: "cluster-ip(service default/s1)", ip: "10.101.233.16" },
    { symbol: "cluster-ip(service default/s2)", ip: "10.108.85.80" },
  ]);

  it("an A answer, a dashed endpoint name and a PTR owner name read the same on both targets", () => {
    const a = reference.observation(
      obs([
        ["s0.default.svc.cluster.local.", "A", "10.244.1.3"],
        ["10-244-1-3.s0.default.svc.cluster.local.", "A", "10.244.1.3"],
        ["3.1.244.10.in-addr.arpa.", "PTR", "10-244-1-3.s0.default.svc.cluster.local."],
      ]),
    );
    const b = local.observation(
      obs([
        ["s0.default.svc.cluster.local.", "A", "10.244.2.35"],
        ["10-244-2-35.s0.default.svc.cluster.local.", "A", "10.244.2.35"],
        ["35.2.244.10.in-addr.arpa.", "PTR", "10-244-2-35.s0.default.svc.cluster.local."],
      ]),
    );
    expect(a.answer.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([
      "s0.default.svc.cluster.local. A ip(pod default/p0)",
      "dashed(ip(pod default/p0)).s0.default.svc.cluster.local. A ip(pod default/p0)",
      "reverse(ip(pod default/p0)). PTR dashed(ip(pod default/p0)).s0.default.svc.cluster.local.",
    ]);
    expect(b.answer).toEqual(a.answer);
  });

  it("a longer address is never rewritten through a shorter one it starts with", () => {
    const a = reference.observation(obs([["x.", "A", "10.96.0.10"]]));
    expect(a.answer[0]!.data).toBe("cluster-ip(service default/s2)");
  });

  it("an address nobody owns stays as it is, so it still differs", () => {
    expect(reference.symbolise("10.244.9.9")).toBe("10.244.9.9");
    expect(local.symbolise("10.244.1.3")).toBe("10.244.1.3");
  });
});
