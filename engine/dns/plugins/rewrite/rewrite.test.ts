import { describe, it, expect } from "vitest";
import { cannedNext, dig, directive, request, rr, serverBlock, testEnv } from "../testing/index.js";
import { rewritePlugin } from "./index.js";

// Behaviour from plugin/rewrite/README.md examples (code reading of name.go / reverter.go).
const echo = cannedNext((req) => ({ answer: [rr(req.qname, "A", 30, "10.96.0.20")] }));

describe("rewrite", () => {
  it("exact name rewrite restores the owner and the question", () => {
    const p = rewritePlugin.setup(
      directive("rewrite name foo.example.com. bar.default.svc.cluster.local."),
      serverBlock(),
      testEnv(),
    );
    const r = p.serve(request("Foo.Example.com.", "A"), echo);
    expect(dig(r).answer).toEqual(["foo.example.com. 30 IN A 10.96.0.20"]);
    expect(r.kind === "reply" && r.msg.question[0]?.name).toBe("Foo.Example.com.");
  });

  it("suffix with answer auto maps answers back", () => {
    const p = rewritePlugin.setup(
      directive("rewrite name suffix .corp.example. .svc.cluster.local. answer auto"),
      serverBlock(),
      testEnv(),
    );
    expect(dig(p.serve(request("db.prod.corp.example.", "A"), echo)).answer).toEqual([
      "db.prod.corp.example. 30 IN A 10.96.0.20",
    ]);
  });

  // Found by `difftest --corefiles` against CoreDNS 1.14.7: newSuffixNameRule's `answer auto` is a
  // suffix rewriter on every owner and value, so the SOA's MNAME under the suffix is mapped back too,
  // while an owner that is the bare zone (no leading label) is not.
  it("suffix with answer auto maps every name under the suffix back, the SOA's MNAME included", () => {
    const p = rewritePlugin.setup(
      directive("rewrite continue name suffix .example.net .example.org answer auto"),
      serverBlock(),
      testEnv(),
    );
    const nx = cannedNext(() => ({
      rcode: "NXDOMAIN",
      authority: [rr("example.org.", "SOA", 60, "ns.example.org. admin.example.org. 1 2 3 4 60")],
    }));
    expect(dig(p.serve(request("www.example.net.", "A"), nx)).authority).toEqual([
      "example.org. 60 IN SOA ns.example.net. admin.example.org. 1 2 3 4 60",
    ]);
  });

  it("substring rewrites every occurrence, and FROM/TO are fully qualified names", () => {
    const sub = rewritePlugin.setup(directive("rewrite name substring a.b x.y"), serverBlock(), testEnv());
    // `a.b.` (normalised) occurs twice in a.b.a.b.example.org.
    expect(dig(sub.serve(request("a.b.a.b.example.org.", "A"), echo)).answer).toEqual([
      "x.y.x.y.example.org. 30 IN A 10.96.0.20",
    ]);
    const pre = rewritePlugin.setup(directive("rewrite name prefix abc www"), serverBlock(), testEnv());
    // `abc.` is not a prefix of abcd.example.org.: nothing is rewritten.
    expect(dig(pre.serve(request("abcd.example.org.", "A"), echo)).answer).toEqual([
      "abcd.example.org. 30 IN A 10.96.0.20",
    ]);
  });

  it("suffix without answer rewrite leaves the rewritten owner (clients may reject it)", () => {
    const p = rewritePlugin.setup(
      directive("rewrite name suffix .corp.example. .svc.cluster.local."),
      serverBlock(),
      testEnv(),
    );
    expect(dig(p.serve(request("db.prod.corp.example.", "A"), echo)).answer).toEqual([
      "db.prod.svc.cluster.local. 30 IN A 10.96.0.20",
    ]);
  });

  it("regex with answer name", () => {
    const p = rewritePlugin.setup(
      {
        name: "rewrite",
        args: "name regex (.*)-(us-west-1)\\.example\\.org {1}.service.{2}.consul answer name (.*)\\.service\\.(us-west-1)\\.consul {1}-{2}.example.org".split(
          " ",
        ),
        block: [],
        line: 1,
      },
      serverBlock(),
      testEnv(),
    );
    expect(dig(p.serve(request("api-us-west-1.example.org.", "A"), echo)).answer).toEqual([
      "api-us-west-1.example.org. 30 IN A 10.96.0.20",
    ]);
  });

  it("type, ttl and rcode rules", () => {
    const seen: string[] = [];
    const next = cannedNext(
      (req) => (seen.push(req.qtype), { rcode: "NXDOMAIN", answer: [rr(req.qname, "A", 3, "10.0.0.1")] }),
    );
    expect(
      dig(
        rewritePlugin
          .setup(directive("rewrite type ANY HINFO"), serverBlock(), testEnv())
          .serve(request("x.example.", "ANY"), next),
      ).status,
    ).toBe("NXDOMAIN");
    expect(seen).toEqual(["HINFO"]);
    expect(
      dig(
        rewritePlugin
          .setup(directive("rewrite ttl x.example. 30-60"), serverBlock(), testEnv())
          .serve(request("x.example."), next),
      ).answer,
    ).toEqual(["x.example. 30 IN A 10.0.0.1"]);
    expect(
      dig(
        rewritePlugin
          .setup(directive("rewrite rcode x.example. NXDOMAIN NOERROR"), serverBlock(), testEnv())
          .serve(request("x.example."), next),
      ).status,
    ).toBe("NOERROR");
  });

  it("lines of one block share one rule list: a matching stop rule ends it", () => {
    const block = serverBlock();
    const env = testEnv();
    const p1 = rewritePlugin.setup(directive("rewrite name a.example. b.example.", 1), block, env);
    const p2 = rewritePlugin.setup(directive("rewrite name b.example. c.example.", 2), block, env);
    const chain = (q: string) => p1.serve(request(q), (r) => p2.serve(r, echo));
    expect(dig(chain("a.example.")).answer).toEqual(["a.example. 30 IN A 10.96.0.20"]);
    const seen: string[] = [];
    p1.serve(request("a.example."), (r) => p2.serve(r, (r2) => (seen.push(r2.qname), echo(r2))));
    expect(seen).toEqual(["b.example."]);
    const p3 = rewritePlugin.setup(
      directive("rewrite continue name x.example. y.example.", 1),
      serverBlock(),
      env,
    );
    expect(p3).toBeDefined();
  });

  it("rule-line errors are newRule's (rewrite.go), at the line; mode and rule type in any case", () => {
    for (const [rule, message] of [
      ["rewrite stop", "stop rule must begin with a rule type"],
      ["rewrite continue", "continue rule must begin with a rule type"],
      ["rewrite answer name a b", "response rewrites must begin with a name rule"],
      ["rewrite type A", "type rules must have exactly two arguments"],
      ["rewrite stop class IN CH x", "class rules must have exactly two arguments"],
      // `%q` of the line's first word, the mode when there is one.
      ["rewrite stop frobnicate a b", 'invalid rule type "stop"'],
      ["rewrite frobnicate a b", 'invalid rule type "frobnicate"'],
    ] as const)
      expect(() => rewritePlugin.setup(directive(rule, 9), serverBlock(), testEnv()), rule).toThrow(
        expect.objectContaining({ name: "CorefileError", line: 9, message: `plugin/rewrite: ${message}` }),
      );
    const seen: string[] = [];
    rewritePlugin
      .setup(directive("rewrite CONTINUE Type a aaaa"), serverBlock(), testEnv())
      .serve(request("x.example.", "A"), (r) => (seen.push(r.qtype), echo(r)));
    expect(seen).toEqual(["AAAA"]);
  });

  it("a continue rule without response rules: no reverter, the reply keeps the rewritten question", () => {
    const p = rewritePlugin.setup(directive("rewrite continue type A AAAA"), serverBlock(), testEnv());
    const r = p.serve(request("x.example.", "A"), echo);
    expect(r.kind === "reply" && r.msg.question[0]).toMatchObject({ name: "x.example.", type: "AAAA" });
    const stop = rewritePlugin.setup(directive("rewrite stop type A AAAA"), serverBlock(), testEnv());
    const s = stop.serve(request("x.example.", "A"), echo);
    expect(s.kind === "reply" && s.msg.question[0]).toMatchObject({ name: "x.example.", type: "A" });
  });

  it("a regex that does not compile is a setup error with the line, as in name.go (found by fuzz/)", () => {
    for (const [rule, message] of [
      ["rewrite name regex (.*\\.db a.b", "plugin/rewrite: invalid regex matching pattern: (.*\\.db"],
      ["rewrite ttl regex (a 30", "plugin/rewrite: invalid regex pattern in a ttl rule: (a"],
      [
        "rewrite rcode regex *a SERVFAIL NOERROR",
        "plugin/rewrite: invalid regex pattern in a rcode rule: *a",
      ],
    ]) {
      expect(() => rewritePlugin.setup(directive(rule!, 4), serverBlock(), testEnv())).toThrow(
        expect.objectContaining({ name: "CorefileError", line: 4, message }),
      );
    }
  });
});

describe("rewrite: block form and answer auto as name.go remaps", () => {
  const cname = cannedNext((req) => ({
    answer: [rr(req.qname, "CNAME", 30, `web.${req.qname}`), rr(`web.${req.qname}`, "A", 30, "10.96.0.21")],
  }));

  it("`rewrite stop { name regex ...; answer auto }` is the one-line rule; auto remaps names and values under the rewritten name", () => {
    const d = {
      ...directive("rewrite stop"),
      block: [
        {
          name: "name",
          args: ["regex", "(.*)\\.db\\.internal\\.", "{1}.default.svc.cluster.local."],
          block: [],
          line: 2,
        },
        { name: "answer", args: ["auto"], block: [], line: 3 },
      ],
    };
    const p = rewritePlugin.setup(d, serverBlock(), testEnv());
    expect(dig(p.serve(request("pg.db.internal.", "A"), cname)).answer).toEqual([
      "pg.db.internal. 30 IN CNAME web.pg.db.internal.",
      "web.pg.db.internal. 30 IN A 10.96.0.21",
    ]);
  });

  it("answer name patterns are regular expressions even on a suffix rule", () => {
    // Built by hand: the `{1}` would read as a block to directive().
    const args = "name suffix .corp.example. .svc.cluster.local. answer name".split(" ");
    const d = {
      name: "rewrite",
      args: [...args, "(.*)\\.svc\\.cluster\\.local\\.", "{1}.corp.example."],
      block: [],
      line: 1,
    };
    const p = rewritePlugin.setup(d, serverBlock(), testEnv());
    expect(dig(p.serve(request("db.prod.corp.example.", "A"), echo)).answer).toEqual([
      "db.prod.corp.example. 30 IN A 10.96.0.20",
    ]);
  });

  it("auto with an explicit answer name is refused as name.go refuses it", () => {
    expect(() =>
      rewritePlugin.setup(
        directive("rewrite name suffix .a. .b. answer auto answer name x y"),
        serverBlock(),
        testEnv(),
      ),
    ).toThrow("auto name answer rule cannot be combined with explicit name anwer rules");
  });
});
