import { describe, expect, it } from "vitest";
import { CorefileUnmodelled } from "../../plugin.js";
import { corefileDig, corefileError } from "../testing/corefile.js";

/** plugin/view README "Implement CIDR based split DNS routing", with the stray brace removed. */
const SPLIT = `. {
  view example1 {
    expr incidr(client_ip(), '127.0.0.0/24')
  }
  hosts {
    1.1.1.1 test
  }
}
. {
  view example2 {
    expr incidr(client_ip(), '192.168.0.0/16')
  }
  hosts {
    2.2.2.2 test
  }
}
. {
  view v6_example1 {
    expr incidr(client_ip(), '2001:0DB8::/32')
  }
  hosts {
    2001:0DB8::1 test
  }
}
. {
  hosts {
    3.3.3.3 test
  }
}`;

const answer = (text: string) => text.split("\n").filter((l) => !l.startsWith(";;"));

describe("view (plugin/view): server blocks chosen by expression", () => {
  it("splits DNS by client address: the first block whose view matches answers", () => {
    const s = corefileDig(SPLIT);
    expect(answer(s.dig("test", "A", { clientIp: "127.0.0.9" }))).toEqual(["test. 3600 IN A 1.1.1.1"]);
    expect(answer(s.dig("test", "A", { clientIp: "192.168.4.4" }))).toEqual(["test. 3600 IN A 2.2.2.2"]);
    // hosts keeps the address as written; on the wire it is 2001:db8::1.
    expect(answer(s.dig("test", "AAAA", { clientIp: "2001:db8::5" }))).toEqual([
      "test. 3600 IN AAAA 2001:0DB8::1",
    ]);
    expect(answer(s.dig("test", "A", { clientIp: "10.0.0.1" }))).toEqual(["test. 3600 IN A 3.3.3.3"]);
  });

  it("an unfiltered block declared first shadows the views after it (README: Server Block Ordering)", () => {
    const s = corefileDig(
      `. {\n  hosts {\n    3.3.3.3 test\n  }\n}\n${SPLIT.split("\n").slice(0, 8).join("\n")}`,
    );
    expect(answer(s.dig("test", "A", { clientIp: "127.0.0.9" }))).toEqual(["test. 3600 IN A 3.3.3.3"]);
  });

  it("routes by query type with `in`, and by name with `matches` (README examples)", () => {
    const s = corefileDig(`. {
  view byname {
    expr name() matches '^abc\\\\..*\\\\.example\\\\.com\\\\.$'
  }
  template IN ANY {
    answer "{{ .Name }} 5 IN TXT \\"by name\\""
  }
}
. {
  view bytype {
    expr type() in ['A', 'AAAA']
  }
  template IN ANY {
    answer "{{ .Name }} 5 IN A 192.0.2.1"
  }
}
. {
  template IN ANY {
    answer "{{ .Name }} 5 IN TXT \\"rest\\""
  }
}`);
    expect(answer(s.dig("abc.x.y.example.com", "TXT"))).toEqual(['abc.x.y.example.com. 5 IN TXT "by name"']);
    // name() is the lowercased question (request.Name), as template's {{ .Name }}.
    expect(answer(s.dig("ABC.x.example.com", "MX"))).toEqual(['abc.x.example.com. 5 IN TXT "by name"']);
    expect(answer(s.dig("abcd.example.com", "A"))).toEqual(["abcd.example.com. 5 IN A 192.0.2.1"]);
    expect(answer(s.dig("abcd.example.com", "MX"))).toEqual(['abcd.example.com. 5 IN TXT "rest"']);
  });

  it("no view of a zone matches: the walk goes on to shorter zones, then to `.`, else REFUSED", () => {
    const s = corefileDig(`example.org {
  view inside {
    expr incidr(client_ip(), '10.0.0.0/8') && proto() == 'udp'
  }
  hosts {
    10.1.1.1 www.example.org
  }
}
org {
  view never {
    expr client_ip() == '1.2.3.4'
  }
  whoami
}`);
    expect(s.dig("www.example.org", "A", { clientIp: "10.9.9.9" }).split("\n")[0]).toBe(
      ";; status: NOERROR, flags: qr aa rd",
    );
    expect(s.dig("www.example.org", "A", { clientIp: "10.9.9.9", transport: "tcp" })).toBe(
      ";; status: REFUSED, flags: qr rd",
    );
    expect(s.dig("www.example.org", "A", { clientIp: "1.2.3.4" }).split("\n")).toContain(
      "www.example.org. 0 IN A 1.2.3.4",
    );
  });

  it("a view passes only when every expr is boolean true; run-time errors fail it (view_test.go)", () => {
    const at = (exprs: string) =>
      corefileDig(`. {\n  view v {\n${exprs}\n  }\n  whoami\n}\n. {\n  any\n}`)
        .dig("example.com", "A")
        .split("\n")[0];
    const whoami = ";; status: NOERROR, flags: qr aa rd";
    const fallback = ";; status: SERVFAIL, flags: qr rd";
    expect(at("    expr name() == 'example.com.'")).toBe(whoami);
    expect(at("    expr name() == 'notexample.com.'")).toBe(fallback);
    expect(at("    expr 1")).toBe(fallback);
    expect(at("    expr incidr('invalid', '1.2.3.0/24')")).toBe(fallback);
    expect(at("    expr name() == 'example.com.'\n    expr type() == 'AAAA'")).toBe(fallback);
    expect(at("    expr not (type() in ['MX']) and bufsize() == 512 and !do() and opcode() == 0")).toBe(
      whoami,
    );
    expect(at("    expr name() endsWith 'com.' || name() startsWith 'x' && false")).toBe(whoami);
    expect(at("    expr type() not in ['A'] or class() != 'IN'")).toBe(fallback);
    expect(at("    expr id() > 6 && size() == 29 && port() == '0' && metadata('view/name') == ''")).toBe(
      whoami,
    );
  });

  it("two unfiltered blocks still may not share a zone; filtered ones may", () => {
    expect(corefileError(". {\n  whoami\n}\n. {\n  whoami\n}")).toBe(
      "line 4: cannot serve dns://.:53 - it is already defined",
    );
    expect(corefileError(". {\n  view a {\n    expr true\n  }\n  whoami\n}\n. {\n  whoami\n}")).toBe("ok");
  });

  it("setup errors at their line (setup_test.go)", () => {
    const at = (body: string) => corefileError(`. {\n  ${body}\n  whoami\n}`);
    expect(at("view")).toBe(
      "line 2: plugin/view: Wrong argument count or unexpected line ending after 'view'",
    );
    expect(at("view x {\n    foo bar\n  }")).toBe("line 3: plugin/view: unknown property 'foo'");
    expect(at("view example {\n    expr invalid expression\n  }")).toBe(
      `line 3: plugin/view: unexpected token Identifier("expression") in expression 'invalid expression'`,
    );
    expect(at("view a {\n  }\n  view b {\n  }")).toBe(
      "line 4: plugin/view: this plugin can only be used once per Server Block",
    );
    expect(at("view a {\n    expr name() == 1\n  }")).toBe(
      "line 3: plugin/view: invalid operation: == (mismatched types string and int) in expression 'name() == 1'",
    );
    expect(at("view a {\n    expr incidr(client_ip())\n  }")).toBe(
      "line 3: plugin/view: not enough arguments to call incidr in expression 'incidr(client_ip())'",
    );
    expect(at("view a {\n    expr name() matches '(?=x)'\n  }")).toMatch(
      /^line 3: plugin\/view: error parsing regexp/,
    );
  });

  it("valid expr-lang outside the modelled subset is unmodelled, at the expr line", () => {
    for (const e of ["lower(name()) == 'x.'", "name() + 'x' == 'y'", "size() > 1 ? true : false"]) {
      try {
        corefileDig(`. {\n  view v {\n    expr ${e}\n  }\n  whoami\n}`);
        expect.unreachable(e);
      } catch (err) {
        expect(err).toBeInstanceOf(CorefileUnmodelled);
        expect((err as CorefileUnmodelled).line).toBe(3);
      }
    }
  });
});

describe("view: the plugin is a handler at the end of the chain (plugin.cfg: view last)", () => {
  it("file outside its zones goes on to the view, whose next is missing: SERVFAIL, not file's REFUSED", () => {
    const zone = "$ORIGIN example.org.\n@ 60 IN SOA ns admin 1 2 3 4 5\n";
    const s = corefileDig(". {\n  view all {\n    expr true\n  }\n  file /z example.org\n}", {
      files: { "/z": zone },
    });
    expect(s.dig("test", "A")).toBe(";; status: SERVFAIL, flags: qr rd");
    expect(corefileDig(". {\n  file /z example.org\n}", { files: { "/z": zone } }).dig("test", "A")).toBe(
      ";; status: REFUSED, flags: qr rd",
    );
  });
});

describe("view: lookups a plugin sends through the server keep the client (plugin/pkg/upstream)", () => {
  it("file's CNAME target is looked up in the block the original client's view picks (difftest case 2:73)", () => {
    const zone =
      "$ORIGIN example.org.\n@ 60 IN SOA ns admin 1 2 3 4 5\nalias 60 IN CNAME www\nwww 60 IN A 192.0.2.80\n";
    const s = corefileDig(
      `org {\n  view tcp {\n    expr proto() == 'tcp'\n  }\n  file /z example.org\n}\norg {\n  template ANY ANY {\n    rcode NXDOMAIN\n  }\n}`,
      { files: { "/z": zone } },
    );
    expect(s.dig("alias.example.org", "NS", { transport: "tcp" }).split("\n")[0]).toBe(
      ";; status: NOERROR, flags: qr aa rd",
    );
  });
});
