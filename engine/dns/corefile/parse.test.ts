import { describe, expect, it } from "vitest";
import { CorefileError } from "../plugin.js";
import { parseCorefile } from "./parse.js";

function err(text: string): CorefileError {
  try {
    parseCorefile(text);
  } catch (e) {
    if (e instanceof CorefileError) return e;
    throw e;
  }
  throw new Error("expected a CorefileError");
}

describe("Corefile parser", () => {
  it("separates tokens on every space Go's unicode.IsSpace knows (fuzz: a form feed hung the lexer)", () => {
    const [b] = parseCorefile(".:53 {\f\verrors\u00a0\u0085\n\u3000whoami\n}\n");
    expect(b!.directives.map((d) => d.name)).toEqual(["errors", "whoami"]);
  });

  it("parses the kubeadm default Corefile", () => {
    const [b] = parseCorefile(`.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 # comment
    loop
    reload
    loadbalance
}`);
    expect(b!.zones).toEqual(["."]);
    expect(b!.port).toBe(53);
    expect(b!.directives.map((d) => d.name)).toEqual([
      "errors",
      "health",
      "ready",
      "kubernetes",
      "prometheus",
      "forward",
      "cache",
      "loop",
      "reload",
      "loadbalance",
    ]);
    const k = b!.directives[3]!;
    expect(k.args).toEqual(["cluster.local", "in-addr.arpa", "ip6.arpa"]);
    expect(k.line).toBe(7);
    expect(k.block.map((d) => [d.name, ...d.args])).toEqual([
      ["pods", "insecure"],
      ["fallthrough", "in-addr.arpa", "ip6.arpa"],
      ["ttl", "30"],
    ]);
  });

  it("keys: several per block, schemes, default port, case, CIDR reverse zones", () => {
    const blocks = parseCorefile(`Bar.com:5353 dns://example.com:5353 { whoami }
10.0.0.0/24 { whoami }
hostname.bind:5353 { chaos }
10.1.0.0/23:5300 { whoami }`);
    expect(blocks.map((b) => [b.zones, b.port])).toEqual([
      [["bar.com.", "example.com."], 5353],
      [["0.0.10.in-addr.arpa."], 53],
      [["hostname.bind."], 5353],
      [["0.1.10.in-addr.arpa.", "1.1.10.in-addr.arpa."], 5300],
    ]);
  });

  it("quoted strings and snippets", () => {
    const [b] = parseCorefile(`(common) {
  errors
  log
}
. {
  import common
  hosts {
    1.2.3.4 "my host"
  }
}`);
    expect(b!.directives.map((d) => d.name)).toEqual(["errors", "log", "hosts"]);
    expect(b!.directives[2]!.block[0]!.args).toEqual(["my host"]);
  });

  it("errors name the line", () => {
    expect(err(". {\n  import nope.conf\n}").line).toBe(2);
    expect(err(". {\n  forward . {$UPSTREAM}\n}").message).toMatch(/environment variable/);
    const dup = err(".:53 { whoami }\n.:53 { whoami }");
    expect(dup.message).toBe("cannot serve dns://.:53 - it is already defined");
    expect(dup.line).toBe(2);
    expect(err(". {\n  errors\n").message).toMatch(/missing '}'/);
    expect(err("tls://.:853 { whoami }").message).toMatch(/not modelled by the reference engine yet/);
  });

  it("a key must be a domain name, as plugin/normalize.go SplitHostPort checks (real CoreDNS 1.14.7: same words)", () => {
    expect(err("whoami.example {\n}\n.3 {\n  loop\n}").message).toBe("zone is not a valid domain name: .3");
    expect(err(".3 { whoami }").line).toBe(1);
    expect(err("a..b:53 { whoami }").message).toBe("zone is not a valid domain name: a..b");
    expect(err(`${"x".repeat(64)}.example { whoami }`).message).toMatch(/^zone is not a valid domain name/);
    expect(err(`${"a.".repeat(128)}b { whoami }`).message).toBe("specified zone is too long: 257 > 255");
    expect(() => parseCorefile("_tcp.example. *.wild.example { whoami }")).not.toThrow();
  });
});
