import { describe, expect, it } from "vitest";
import { resolveName, type DnsMessage, type SendQuery } from "./walk.js";
import { parseResolvConf } from "./resolv-conf.js";

/** A fake network: name → rcode and A records, as one server answers. */
function net(table: Record<string, { rcode: string; a?: string[] } | "timeout">) {
  const sent: SendQuery[] = [];
  const send = (q: SendQuery): { reply?: DnsMessage; elapsedMs: number } => {
    sent.push(q);
    const row = table[q.name.toLowerCase()] ?? { rcode: "NXDOMAIN" };
    if (row === "timeout") return { elapsedMs: q.timeoutMs };
    const answer =
      q.type === "A"
        ? (row.a ?? []).map((address) => ({ name: q.name, type: "A", data: { type: "A", address } }))
        : [];
    return {
      reply: { rcode: row.rcode, flags: { tc: false, aa: true, ra: false }, answer, additional: [] },
      elapsedMs: 1,
    };
  };
  return { send, sent };
}

const podConf = parseResolvConf(
  "search prod.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
);
const walkOf = (w: { steps: { type: string; name: string; rcode: string }[] }) =>
  w.steps.map((s) => `${s.type} ${s.name} ${s.rcode}`);

describe("glibc search walk", () => {
  it("kubernetes.default (1 dot < ndots:5) walks the search list until the service answers", () => {
    const { send } = net({ "kubernetes.default.svc.cluster.local.": { rcode: "NOERROR", a: ["10.96.0.1"] } });
    const w = resolveName({
      name: "kubernetes.default",
      type: "A",
      conf: podConf,
      hosts: [],
      libc: "glibc",
      send,
    });
    expect(walkOf(w)).toEqual([
      "A kubernetes.default.prod.svc.cluster.local. NXDOMAIN",
      "A kubernetes.default.svc.cluster.local. NOERROR",
    ]);
    expect(w.answer).toEqual(["10.96.0.1"]);
    expect(w.source).toBe("dns");
  });

  it("example.com pays the ndots:5 cost: three NXDOMAINs, then the name as-is", () => {
    const { send } = net({ "example.com.": { rcode: "NOERROR", a: ["93.184.216.34"] } });
    const w = resolveName({ name: "example.com", type: "A", conf: podConf, hosts: [], libc: "glibc", send });
    expect(walkOf(w)).toEqual([
      "A example.com.prod.svc.cluster.local. NXDOMAIN",
      "A example.com.svc.cluster.local. NXDOMAIN",
      "A example.com.cluster.local. NXDOMAIN",
      "A example.com. NOERROR",
    ]);
  });

  it("a trailing dot queries the name as-is only", () => {
    const { send } = net({});
    const w = resolveName({ name: "example.com.", type: "A", conf: podConf, hosts: [], libc: "glibc", send });
    expect(walkOf(w)).toEqual(["A example.com. NXDOMAIN"]);
    expect(w.rcode).toBe("NXDOMAIN");
  });

  it("five dots (≥ ndots) try the name as-is first", () => {
    const { send } = net({ "a.b.c.d.e.f.": { rcode: "NOERROR", a: ["192.0.2.1"] } });
    const w = resolveName({ name: "a.b.c.d.e.f", type: "A", conf: podConf, hosts: [], libc: "glibc", send });
    expect(walkOf(w)).toEqual(["A a.b.c.d.e.f. NOERROR"]);
  });

  it("continues after NODATA and SERVFAIL and reports NODATA first", () => {
    const { send } = net({
      "x.prod.svc.cluster.local.": { rcode: "NOERROR" },
      "x.svc.cluster.local.": { rcode: "SERVFAIL" },
    });
    const w = resolveName({ name: "x", type: "A", conf: podConf, hosts: [], libc: "glibc", send });
    expect(walkOf(w)).toEqual([
      "A x.prod.svc.cluster.local. NOERROR",
      "A x.svc.cluster.local. SERVFAIL",
      "A x.svc.cluster.local. SERVFAIL",
      "A x.cluster.local. NXDOMAIN",
      "A x. NXDOMAIN",
    ]);
    expect(w.rcode).toBe("NODATA");
  });

  it("times out per attempt and records each try with its wait", () => {
    const conf = parseResolvConf("nameserver 10.96.0.10\noptions timeout:2 attempts:2\n");
    const { send } = net({ "slow.example.": "timeout" });
    const w = resolveName({ name: "slow.example.", type: "A", conf, hosts: [], libc: "glibc", send });
    expect(w.steps.map((s) => [s.rcode, s.elapsedMs])).toEqual([
      ["TIMEOUT", 2000],
      ["TIMEOUT", 4000],
    ]);
    expect(w.rcode).toBe("TIMEOUT");
    expect(w.elapsedMs).toBe(6000);
  });
});

describe("musl search walk", () => {
  it("stops at NODATA where glibc would continue", () => {
    const { send } = net({ "x.prod.svc.cluster.local.": { rcode: "NOERROR" } });
    const w = resolveName({ name: "x", type: "A", conf: podConf, hosts: [], libc: "musl", send });
    expect(walkOf(w)).toEqual(["A x.prod.svc.cluster.local. NOERROR"]);
    expect(w.rcode).toBe("NODATA");
  });

  it("does not search at all when dots ≥ ndots", () => {
    const conf = parseResolvConf("search a.local\nnameserver 10.0.0.1\noptions ndots:1\n");
    const { send } = net({});
    const w = resolveName({ name: "web.default", type: "A", conf, hosts: [], libc: "musl", send });
    expect(walkOf(w)).toEqual(["A web.default. NXDOMAIN"]);
  });
});

describe("/etc/hosts first", () => {
  it("answers from hosts without any query", () => {
    const { send, sent } = net({});
    const w = resolveName({
      name: "foo.bar.default.svc.cluster.local",
      type: "A",
      conf: podConf,
      hosts: [{ ip: "10.244.1.2", names: ["foo.bar.default.svc.cluster.local", "foo"] }],
      libc: "glibc",
      send,
    });
    expect(sent).toHaveLength(0);
    expect(w).toMatchObject({ source: "hosts", answer: ["10.244.1.2"], rcode: "NOERROR" });
  });
});

describe("musl's SERVFAIL re-sends (res_msend.c servfail_retry)", () => {
  const conf = parseResolvConf(
    "search corp.example lab.example\nnameserver 172.18.0.1\noptions ndots:5 attempts:1\n",
  );

  it("re-sends a SERVFAIL twice at once, then waits the round out and stops the search", () => {
    const { send } = net({
      "api.corp.example.": { rcode: "SERVFAIL" },
      "api.lab.example.": { rcode: "NOERROR", a: ["10.0.0.1"] },
    });
    const w = resolveName({ name: "api", type: "A", conf, hosts: [], libc: "musl", send });
    expect(walkOf(w)).toEqual([
      "A api.corp.example. SERVFAIL",
      "A api.corp.example. SERVFAIL",
      "A api.corp.example. SERVFAIL",
    ]);
    expect(w.rcode).toBe("SERVFAIL");
  });

  it("a re-send that is answered wins, and the search goes on from there", () => {
    let fails = 1;
    const base = net({
      "api.corp.example.": { rcode: "NXDOMAIN" },
      "api.lab.example.": { rcode: "NOERROR", a: ["10.0.0.1"] },
    });
    const send = (q: SendQuery) =>
      q.name === "api.corp.example." && fails-- > 0
        ? {
            reply: {
              rcode: "SERVFAIL",
              flags: { tc: false, aa: false, ra: true },
              answer: [],
              additional: [],
            },
            elapsedMs: 1,
          }
        : base.send(q);
    const w = resolveName({ name: "api", type: "A", conf, hosts: [], libc: "musl", send });
    expect(walkOf(w)).toEqual([
      "A api.corp.example. SERVFAIL",
      "A api.corp.example. NXDOMAIN",
      "A api.lab.example. NOERROR",
    ]);
    expect(w.answer).toEqual(["10.0.0.1"]);
  });
});
