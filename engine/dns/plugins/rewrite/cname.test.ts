import { describe, expect, it } from "vitest";
import { directive, serverBlock, testEnv } from "../testing/index.js";
import { rewritePlugin } from "./index.js";
import { digServer } from "./test-server.js";

// plugin/rewrite cname_target.go, asked of a whole server (the rule looks the new target up again
// through it: plugin/pkg/upstream Lookup). The zone: alias CNAME www, chain CNAME alias.
const block = (rules: string) => `.:53 {
    ${rules}
    hosts {
        10.2.2.2 web.example.net
        fallthrough
    }
    file /zones/example.org example.org
}`;

describe("rewrite cname: the CNAME target rewritten and looked up again", () => {
  it("the old target's records are dropped and the new target's answer appended, with its own TTL", () => {
    const dig = digServer(block("rewrite cname exact www.example.org. web.example.net."));
    // Without the rule: alias.example.org. CNAME www.example.org. + www.example.org. 300 A 192.0.2.80.
    expect(dig("alias.example.org.")).toMatchObject({
      status: "NOERROR",
      flags: "qr aa rd",
      answer: ["alias.example.org. 300 IN CNAME web.example.net.", "web.example.net. 3600 IN A 10.2.2.2"],
      // The original reply's authority section stays (the file plugin's NS).
      authority: ["example.org. 300 IN NS ns.example.org."],
    });
  });

  it("CNAMEs before the rewritten one are kept; the lookup asks the same type", () => {
    const dig = digServer(block("rewrite cname suffix www.example.org. mail.example.org."));
    expect(dig("chain.example.org.").answer).toEqual([
      "chain.example.org. 300 IN CNAME alias.example.org.",
      "alias.example.org. 300 IN CNAME mail.example.org.",
      "mail.example.org. 300 IN A 192.0.2.25",
    ]);
    // The lookup is `mail.example.org. MX`: NODATA, so only the CNAMEs remain; the rcode stays.
    expect(dig("alias.example.org.", "MX")).toMatchObject({
      status: "NOERROR",
      answer: ["alias.example.org. 300 IN CNAME mail.example.org."],
    });
  });

  it("a target nobody serves: the lookup's REFUSED leaves the rewritten CNAME alone", () => {
    const dig = digServer(`example.org:53 {
    rewrite cname regex (.*)\\.example\\.org\\. {1}.example.net.
    file /zones/example.org example.org
}`);
    expect(dig("alias.example.org.")).toMatchObject({
      status: "NOERROR",
      answer: ["alias.example.org. 300 IN CNAME www.example.net."],
    });
  });

  it("matching is on the target as the reply spells it; FROM of prefix/suffix/substring is not made an FQDN", () => {
    // `suffix www.example.org` (no dot) never matches `www.example.org.`.
    const dig = digServer(block("rewrite cname suffix www.example.org web.example.net."));
    expect(dig("alias.example.org.").answer).toEqual([
      "alias.example.org. 300 IN CNAME www.example.org.",
      "www.example.org. 300 IN A 192.0.2.80",
    ]);
  });

  it("a TO without its closing dot: miekg/dns cannot pack the reply, the client gets nothing", () => {
    const dig = digServer(block("rewrite cname regex (.*)\\.org\\. {1}.net"));
    expect(dig("alias.example.org.")).toMatchObject({ status: "(no reply)" });
    // A reply without a CNAME to rewrite is written as usual.
    expect(dig("www.example.org.")).toMatchObject({ answer: ["www.example.org. 300 IN A 192.0.2.80"] });
  });

  it("a cname rule matches every query: as a stop rule (the default) it ends the rule walk", () => {
    const stop = digServer(
      block(
        "rewrite cname exact x.example. y.example.\n    rewrite name exact mail.example.net mail.example.org",
      ),
    );
    expect(stop("mail.example.net.")).toMatchObject({ status: "REFUSED" });
    const cont = digServer(
      block(
        "rewrite continue cname exact x.example. y.example.\n    rewrite name exact mail.example.net mail.example.org",
      ),
    );
    expect(cont("mail.example.net.").answer).toEqual(["mail.example.net. 300 IN A 192.0.2.25"]);
  });

  it("directive errors are newCNAMERule's, at the rewrite line", () => {
    const setup = (rule: string) => () => rewritePlugin.setup(directive(rule, 3), serverBlock(), testEnv());
    for (const [rule, message] of [
      ["rewrite cname a.", "plugin/rewrite: too few (1) arguments for a cname rule"],
      ["rewrite cname glob a. b.", "plugin/rewrite: unknown cname rewrite type: glob"],
      ["rewrite cname exact a. b. c.", "plugin/rewrite: too few (4) arguments for a cname rule"],
      [
        "rewrite cname regex (a b.",
        "plugin/rewrite: invalid cname rewrite regex pattern: error parsing regexp: missing closing ): `(a`",
      ],
    ] as const)
      expect(setup(rule), rule).toThrow(expect.objectContaining({ name: "CorefileError", line: 3, message }));
  });
});
