import { describe, expect, it } from "vitest";
import type { Value } from "../../dsl/index.js";
import type { ConnectObs, DnsObs, ResolveObs } from "../observation.js";
import { ident, list, matcher, num, span, str } from "../../test/helpers/plans.js";
import { evaluateMatcher } from "./evaluate.js";
import { judgeReach } from "./reach.js";

const rec = (name: string, type: string, data: string, ttl = 30) => ({ name, ttl, class: "IN", type, data });
const dns: DnsObs = {
  kind: "dns",
  server: "10.96.0.10:53",
  transport: "udp",
  timeout: false,
  rcode: "NOERROR",
  flags: ["qr", "aa", "rd"],
  question: [{ name: "x.", type: "A", class: "IN" }],
  answer: [rec("s.", "SRV", "0 50 1234 a.s."), rec("s.", "SRV", "0 50 1234 b.s.")],
  authority: [
    rec("cluster.local.", "SOA", "ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30"),
  ],
  additional: [rec("a.s.", "A", "10.244.1.5")],
  size: 200,
  elapsedMs: 1,
  reasons: [],
};
const noResolve = async (): Promise<string[]> => {
  throw new Error("no symbols");
};
const record = (rrtype: string, ...args: Value[]): Value => ({ kind: "record", rrtype, args, span: span() });
const judge = (
  m: Parameters<typeof evaluateMatcher>[0],
  obs = dns as Parameters<typeof evaluateMatcher>[1],
  r = noResolve,
) => evaluateMatcher(m, obs, r);

describe("dns subjects", () => {
  it("rcode, flags, size, timeout", async () => {
    expect((await judge(matcher("rcode", "==", ident("NOERROR")))).ok).toBe(true);
    const bad = await judge(matcher("rcode", "==", ident("NXDOMAIN")));
    expect(bad).toMatchObject({ ok: false, expected: "== NXDOMAIN", actual: "NOERROR" });
    expect((await judge(matcher("flags", "has", ident("aa")))).ok).toBe(true);
    expect((await judge(matcher("flags", "lacks", ident("tc")))).ok).toBe(true);
    expect((await judge(matcher("flags", "==", list(ident("qr"), ident("rd"), ident("aa"))))).ok).toBe(true);
    expect((await judge(matcher("size", "<=", num(512)))).ok).toBe(true);
    expect((await judge(matcher("timeout", "is"))).ok).toBe(false);
  });
  it("records: constructors, count, quantified fields, set equality", async () => {
    expect(
      (await judge(matcher("answer", "has", record("srv", num(0), num(50), num(1234), str("a.s."))))).ok,
    ).toBe(true);
    expect(
      (await judge(matcher("answer", "has", record("srv", num(0), num(50), num(1234), str("c.s."))))).ok,
    ).toBe(false);
    expect((await judge(matcher("additional", "has", record("a", str("a.s."), str("10.244.1.5"))))).ok).toBe(
      true,
    );
    expect((await judge(matcher("additional", "has", record("a", str("b.s."), str("10.244.1.5"))))).ok).toBe(
      false,
    );
    expect((await judge(matcher("authority", "has", record("soa", str("cluster.local."))))).ok).toBe(true);
    expect((await judge(matcher("answer", "==", num(2), { field: "count" }))).ok).toBe(true);
    expect((await judge(matcher("count", "==", num(3)))).ok).toBe(false);
    expect((await judge(matcher("answer", "<=", num(30), { field: "ttl", quantifier: "all" }))).ok).toBe(
      true,
    );
    expect((await judge(matcher("answer", "==", num(50), { field: "weight", quantifier: "all" }))).ok).toBe(
      true,
    );
    expect((await judge(matcher("ttl", "==", num(30)))).ok).toBe(true);
    expect((await judge(matcher("additional", "==", list(str("10.244.1.5"))))).ok).toBe(true);
  });
  it("symbolic values go through the resolver", async () => {
    const ref: Value = {
      kind: "ref",
      fn: "ip",
      target: { kind: "pod", namespace: "default", name: "a" },
      span: span(),
    };
    const ok = await judge(matcher("additional", "==", ref), dns, async () => ["10.244.1.5"]);
    expect(ok.ok).toBe(true);
  });
  it("unknown subjects are errors with a clear message", async () => {
    const v = await judge(matcher("hops", "==", list()));
    expect(v.error).toMatch(/unknown subject "hops" for a dns expectation/);
  });
});

describe("resolve and connect subjects", () => {
  const resolve: ResolveObs = {
    kind: "resolve",
    libc: "glibc",
    source: "dns",
    answer: ["10.96.0.5"],
    rcode: "NOERROR",
    elapsedMs: 1,
    reasons: [],
    tries: [
      {
        name: "bar.default.default.svc.cluster.local.",
        type: "A",
        server: "s",
        transport: "udp",
        rcode: "NXDOMAIN",
        answers: 0,
        elapsedMs: 0,
      },
      {
        name: "bar.default.svc.cluster.local.",
        type: "A",
        server: "s",
        transport: "udp",
        rcode: "NOERROR",
        answers: 1,
        elapsedMs: 0,
      },
    ],
  };
  const tr = (name: string, rcode: string, qtype?: string): Value => ({
    kind: "try",
    name,
    rcode,
    qtype,
    span: span(),
  });
  it("tries is an exact sequence; has is containment", async () => {
    const seq = list(
      tr("bar.default.default.svc.cluster.local.", "NXDOMAIN", "A"),
      tr("bar.default.svc.cluster.local.", "NOERROR"),
    );
    expect((await judge(matcher("tries", "==", seq), resolve)).ok).toBe(true);
    const reversed = list(
      tr("bar.default.svc.cluster.local.", "NOERROR"),
      tr("bar.default.default.svc.cluster.local.", "NXDOMAIN"),
    );
    expect((await judge(matcher("tries", "==", reversed), resolve)).ok).toBe(false);
    expect(
      (await judge(matcher("tries", "has", tr("bar.default.svc.cluster.local.", "NOERROR")), resolve)).ok,
    ).toBe(true);
    expect((await judge(matcher("source", "==", ident("dns")), resolve)).ok).toBe(true);
  });
  const connect: ConnectObs = {
    kind: "connect",
    verdict: "denied",
    deniedBy: "ingress",
    candidates: ["x/a", "x/b"],
    hops: [
      { hop: "pod", args: ["y/a"], detail: "" },
      { hop: "policy-ingress", args: ["x/allow-from-y", "deny"], detail: "" },
    ],
    reasons: ["no policy in x allows from y/a (allow-from-y selects x/a)"],
  };
  it("denied by, because, hops, lands-on", async () => {
    expect((await judge(matcher("denied", "is", ident("ingress")), connect)).ok).toBe(true);
    expect((await judge(matcher("denied", "is", ident("egress")), connect)).ok).toBe(false);
    expect(await judge(matcher("allowed", "is"), connect)).toMatchObject({
      ok: false,
      actual: "denied by ingress",
    });
    expect((await judge(matcher("because", "has", str("allow-from-y")), connect)).ok).toBe(true);
    const hop = (h: string, ...args: string[]): Value => ({ kind: "hop", hop: h, args, span: span() });
    expect(
      (await judge(matcher("hops", "==", list(hop("pod"), hop("policy-ingress", "x/allow-from-y"))), connect))
        .ok,
    ).toBe(true);
    expect((await judge(matcher("hops", "==", list(hop("pod"))), connect)).ok).toBe(false);
    const landed = { ...connect, verdict: "allowed" as const, landedOn: "x/b" };
    const sel: Value = {
      kind: "quantified",
      quantifier: "any",
      value: { kind: "selection", fn: "pods", namespace: "x", selector: { pod: "b" }, span: span() },
      span: span(),
    };
    expect((await judge(matcher("lands-on", "==", sel), landed, async () => ["x/b"])).ok).toBe(true);
    expect((await judge(matcher("lands-on", "==", sel), landed, async () => ["x/a"])).ok).toBe(false);
  });
});

describe("reach tables", () => {
  it("diffs expected and observed like the upstream truth table", () => {
    const v = judgeReach(
      [
        [null, true],
        [false, null],
      ],
      ["x/a", "x/b"],
      {
        kind: "reach",
        pods: ["x/a", "x/b"],
        allowed: [
          [null, true],
          [true, null],
        ],
        reasons: [],
      },
    );
    expect(v.ok).toBe(false);
    expect(v.actual).toContain("comparison:");
    expect(v.actual.split("\n").at(-1)).toBe("x/b X   -");
  });
});
