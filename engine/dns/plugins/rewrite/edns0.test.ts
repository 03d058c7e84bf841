import { describe, expect, it } from "vitest";
import type { DnsRequest, DnsResult } from "../../plugin.js";
import { directive, request, serverBlock, testEnv } from "../testing/index.js";
import { rewritePlugin } from "./index.js";
import { digServer } from "./test-server.js";

// plugin/rewrite edns0.go: the rules change the request's OPT in place, so the server's ScrubWriter
// (request.SizeAndDo) answers with it: a local code a rule names is echoed (edns.SetSupportedOption),
// NSID always is, client subnet never is.
const block = (rules: string) => `.:53 {
    ${rules}
    file /zones/example.org example.org
}`;

describe("rewrite edns0: the request's OPT, as the reply echoes it", () => {
  it("`local set` on a query without EDNS: the reply gets the OPT the rule made (4096) with the option", () => {
    const dig = digServer(block("rewrite edns0 local set 0xffee abc"));
    expect(dig("www.example.org.")).toMatchObject({
      status: "NOERROR",
      opt: ["udp: 4096", "OPT=65518: 61 62 63"],
      answer: ["www.example.org. 300 IN A 192.0.2.80"],
    });
    // With the client's own OPT: its size is kept, the option added.
    expect(dig("www.example.org.", "A", { bufsize: 1232 })).toMatchObject({
      opt: ["udp: 1232", "OPT=65518: 61 62 63"],
    });
  });

  it("`0x` data is hex; `revert` takes the option back out of the reply (the OPT stays)", () => {
    expect(digServer(block("rewrite edns0 local set 0xffee 0x61626364"))("www.example.org.")).toMatchObject({
      opt: ["udp: 4096", "OPT=65518: 61 62 63 64"],
    });
    expect(digServer(block("rewrite edns0 local set 0xffee abcd revert"))("www.example.org.")).toMatchObject({
      opt: ["udp: 4096"],
    });
  });

  it("`nsid set` makes the request carry an empty NSID, echoed; the nsid plugin decided before rewrite", () => {
    expect(digServer(block("rewrite edns0 nsid set"))("www.example.org.")).toMatchObject({
      opt: ["udp: 4096", 'NSID: ""'],
    });
    const withPlugin = digServer(block("rewrite edns0 nsid set\n    nsid ns-a"));
    // nsid.go ServeDNS looks for the option when the query arrives, before rewrite adds it.
    expect(withPlugin("www.example.org.")).toMatchObject({ opt: ["udp: 4096", 'NSID: ""'] });
    // A client asking for it gets the plugin's data, even after `nsid unset` removed it.
    const unset = digServer(block("rewrite edns0 nsid unset\n    nsid ns-a"));
    expect(unset("www.example.org.", "A", { bufsize: 1232, nsid: true })).toMatchObject({
      opt: ["udp: 1232 do", 'NSID: "ns-a"'],
    });
  });

  // Found by `difftest --corefiles` against CoreDNS 1.14.7: file asks the server itself for an NS
  // question's CNAME target (plugin/pkg/upstream Lookup), which copies the request (r.Req.Copy()):
  // the rewrite the lookup runs through again changes its copy, not the client's request.
  it("`revert` holds when a plugin looks a name up through the server: the lookup has a copy of the OPT", () => {
    const dig = digServer(block("rewrite continue edns0 nsid append revert"));
    expect(dig("alias.example.org.", "NS", { bufsize: 1232 })).toMatchObject({
      opt: ["udp: 1232"],
      answer: ["alias.example.org. 300 IN CNAME www.example.org."],
    });
  });

  it("`subnet set` adds a client-subnet option CoreDNS does not echo: only the OPT it made shows", () => {
    expect(digServer(block("rewrite edns0 subnet set 24 56"))("www.example.org.")).toMatchObject({
      opt: ["udp: 4096"],
    });
  });

  it("variables: {client_ip}, {qname} and {protocol} as the rule sees them", () => {
    const dig = digServer(
      block(
        "rewrite continue edns0 local set 0xffed {client_ip}\n    rewrite edns0 local append 0xffec {protocol}",
      ),
    );
    expect(dig("www.example.org.", "A", { meta: { clientIp: "127.0.0.2", transport: "tcp" } })).toMatchObject(
      {
        opt: ["udp: 4096", "OPT=65517: 7f 00 00 02", "OPT=65516: 74 63 70"],
      },
    );
    const qname = digServer(block("rewrite edns0 local set 0xffee {qname}"));
    expect(qname("WWW.example.org.")).toMatchObject({
      opt: [
        "udp: 4096",
        `OPT=65518: ${[..."WWW.example.org."].map((c) => c.charCodeAt(0).toString(16)).join(" ")}`,
      ],
    });
  });

  it("a variable without a value leaves the rule out, and makes no OPT: {server_ip} of an IPv4 client on `::`", () => {
    const dig = digServer(block("rewrite edns0 local set 0xffec {server_ip}"));
    expect(dig("www.example.org.", "A", { meta: { serverIp: "::" } })).toMatchObject({ opt: [] });
    expect(dig("www.example.org.", "A", { meta: { serverIp: "127.0.0.1" } })).toMatchObject({
      opt: ["udp: 4096", "OPT=65516: 7f 00 00 01"],
    });
  });
});

/** The request the chain below rewrite sees. */
function seen(rules: string[], req: DnsRequest) {
  const block = serverBlock();
  const env = testEnv();
  const line = (r: string, i: number) => ({
    name: "rewrite",
    args: r.split(" ").slice(1),
    block: [],
    line: i + 1,
  });
  const plugins = rules.map((r, i) => rewritePlugin.setup(line(r, i), block, env));
  let got: DnsRequest | undefined;
  const last = (r: DnsRequest): DnsResult => ((got = r), { kind: "error", rcode: "SERVFAIL", by: "test" });
  plugins[0]!.serve(req, (r) =>
    plugins.slice(1).reduceRight<(x: DnsRequest) => DnsResult>((n, p) => (x) => p.serve(x, n), last)(r),
  );
  return got!.msg.edns?.options.map(
    (o) => `${o.code}:${[...o.data].map((b) => b.toString(16).padStart(2, "0")).join("")}`,
  );
}

describe("rewrite edns0: set, append, replace, unset on the request (edns0.go Rewrite)", () => {
  const withLocal = () => {
    const r = request("www.example.org.", "A", { edns: 1232, clientIp: "192.0.2.77" });
    r.msg.edns!.options.push({ code: 0xffee, data: new Uint8Array([1]) });
    return r;
  };

  it("`append` appends even when the code is there; `replace` only changes; `set` does either", () => {
    expect(seen(["rewrite edns0 local append 0xffee 0x02"], withLocal())).toEqual(["65518:01", "65518:02"]);
    expect(seen(["rewrite edns0 local replace 0xffee 0x02"], withLocal())).toEqual(["65518:02"]);
    expect(seen(["rewrite edns0 local replace 0xfffe 0x02"], withLocal())).toEqual(["65518:01"]);
    expect(seen(["rewrite edns0 local set 0xfffe 0x02"], withLocal())).toEqual(["65518:01", "65534:02"]);
    expect(seen(["rewrite edns0 local unset 0xffee"], withLocal())).toEqual([]);
  });

  it("subnet: the client's address masked to the prefix, cut to the bytes it covers (RFC 7871)", () => {
    // 192.0.2.77/20 → 192.0.0.0 in 3 bytes; /28 → 192.0.2.64 in 4.
    expect(seen(["rewrite edns0 subnet set 20 56"], withLocal())).toEqual(["65518:01", "8:00011400c00000"]);
    expect(seen(["rewrite edns0 subnet set 28 56"], withLocal())).toEqual(["65518:01", "8:00011c00c0000240"]);
    expect(seen(["rewrite edns0 subnet set 0 0"], withLocal())).toEqual(["65518:01", "8:00010000"]);
  });

  it("a stop edns0 rule ends the walk; `continue` goes on to the next line", () => {
    expect(seen(["rewrite edns0 nsid set", "rewrite edns0 local set 1 x"], withLocal())).toEqual([
      "65518:01",
      "3:",
    ]);
    expect(
      seen(["rewrite continue edns0 nsid set", "rewrite edns0 local set 0xfde9 x"], withLocal()),
    ).toEqual(["65518:01", "3:", "65001:78"]);
  });
});

describe("rewrite edns0: directive errors are newEdns0Rule's, at the rewrite line", () => {
  // Built by hand: directive() would read a `{variable}` as a block.
  const rewrite = (rule: string) => ({ name: "rewrite", args: rule.split(" ").slice(1), block: [], line: 7 });
  const setup =
    (rule: string, block = serverBlock()) =>
    () =>
      rewritePlugin.setup(rewrite(rule), block, testEnv());
  it.each([
    ["rewrite edns0 local", "too few arguments for an EDNS0 rule"],
    ["rewrite edns0 local add 1 x", 'invalid action: "add"'],
    ["rewrite edns0 local set 0xffee", "EDNS0 local rules require three or four args"],
    ["rewrite edns0 local set 0x1ffff x", 'strconv.ParseUint: parsing "0x1ffff": value out of range'],
    ["rewrite edns0 local set code x", 'strconv.ParseUint: parsing "code": invalid syntax'],
    ["rewrite edns0 local set 0xffee 0xabc", "encoding/hex: odd length hex string"],
    ["rewrite edns0 local set 0xffee 0xzz", "encoding/hex: invalid byte: U+007A 'z'"],
    ["rewrite edns0 local set 0xffee {client_mac}", 'unsupported variable name "{client_mac}"'],
    ["rewrite edns0 local unset", "local unset action requires exactly two arguments"],
    ["rewrite edns0 nsid set x", "EDNS0 NSID rules can accept no more than one arg"],
    ["rewrite edns0 nsid unset revert", "nsid unset action requires exactly one argument"],
    ["rewrite edns0 subnet set 24", "EDNS0 subnet rules require three or four args"],
    ["rewrite edns0 subnet set 33 56", "invalid IPv4 bit mask length 33"],
    ["rewrite edns0 subnet set 24 129", "invalid IPv6 bit mask length 129"],
    ["rewrite edns0 cookie set", 'invalid rule type "cookie"'],
  ])("%s", (rule, message) => {
    expect(setup(rule)).toThrow(
      expect.objectContaining({ name: "CorefileError", line: 7, message: `plugin/rewrite: ${message}` }),
    );
  });

  it("a metadata variable where the metadata plugin collects is refused as not modelled, naming the line", () => {
    const withMetadata = { ...serverBlock(), directives: [directive("metadata")] };
    expect(setup("rewrite edns0 local set 0xffee {view/name}", withMetadata)).toThrow(
      expect.objectContaining({
        name: "CorefileUnmodelled",
        line: 7,
        message: expect.stringContaining("{view/name}"),
      }),
    );
    // Without it the variable has no value: the rule never matches (metadata.ValueFunc is nil).
    expect(seen(["rewrite edns0 local set 0xffee {view/name}"], request("a.", "A"))).toBeUndefined();
  });
});
