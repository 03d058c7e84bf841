import { corefileDig } from "../testing/corefile.js";
import { describe, it, expect } from "vitest";
import type { Directive } from "../../plugin.js";
import { dig, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { templatePlugin } from "./index.js";

// plugin/template README examples (code reading of template.go).
function tpl(args: string[], block: [string, ...string[]][], line = 1): Directive {
  return {
    name: "template",
    args,
    block: block.map(([name, ...a], i) => ({ name, args: a, block: [], line: line + i + 1 })),
    line,
  };
}

describe("template", () => {
  it("answers from a regex with groups", () => {
    const d = tpl(
      ["IN", "A", "example."],
      [
        ["match", "^ip-(?P<a>[0-9]*)-(?P<b>[0-9]*)-(?P<c>[0-9]*)-(?P<d>[0-9]*)[.]example[.]$"],
        [
          "answer",
          "{{",
          ".Name",
          "}}",
          "60",
          "IN",
          "A",
          "{{",
          ".Group.a",
          "}}.{{",
          ".Group.b",
          "}}.{{",
          ".Group.c",
          "}}.{{",
          ".Group.d",
          "}}",
        ],
        ["fallthrough"],
      ],
    );
    const p = templatePlugin.setup(d, serverBlock(), testEnv());
    expect(dig(p.serve(request("IP-10-1-2-3.example.", "A"), noNext))).toEqual({
      status: "NOERROR",
      flags: ["qr", "aa", "rd"],
      answer: ["ip-10-1-2-3.example. 60 IN A 10.1.2.3"],
      authority: [],
      additional: [],
    });
    expect(
      dig(p.serve(request("other.example.", "A"), () => ({ kind: "error", rcode: "REFUSED", by: "x" })))
        .status,
    ).toBe("REFUSED");
  });

  it("NXDOMAIN rcode template with an SOA authority, other types pass", () => {
    const d = tpl(
      ["IN", "AAAA", "cluster.local."],
      [
        ["rcode", "NXDOMAIN"],
        [
          "authority",
          "{{",
          ".Zone",
          "}}",
          "60",
          "IN",
          "SOA",
          "ns.{{",
          ".Zone",
          "}}",
          "hostmaster.{{",
          ".Zone",
          "}}",
          "1",
          "60",
          "60",
          "60",
          "60",
        ],
      ],
      10,
    );
    const p = templatePlugin.setup(d, serverBlock(), testEnv());
    const r = dig(p.serve(request("a.cluster.local.", "AAAA"), noNext));
    expect(r.status).toBe("NXDOMAIN");
    expect(r.authority).toEqual([
      "cluster.local. 60 IN SOA ns.cluster.local. hostmaster.cluster.local. 1 60 60 60 60",
    ]);
    expect(
      dig(p.serve(request("a.cluster.local.", "A"), () => ({ kind: "error", rcode: "REFUSED", by: "x" })))
        .status,
    ).toBe("REFUSED");
  });

  it("unsupported template actions fail at setup with the line", () => {
    const d = tpl(["IN", "A"], [["answer", "{{", ".Message", "}}", "IN", "A", "1.2.3.4"]], 4);
    expect(() => templatePlugin.setup(d, serverBlock(), testEnv())).toThrow(
      expect.objectContaining({ line: 5 }),
    );
  });
});

describe("template: zone and type fit, regex does not (template.go ServeDNS)", () => {
  const corefile = (fall: string) => `example.org {
    template IN A example.org {
        match "^www\\.example\\.org\\.$"
        answer "{{ .Name }} 60 IN A 10.0.0.1"
        ${fall}
    }
    hosts {
        10.9.9.9 other.example.org
    }
}`;

  it("without fallthrough the walk ends in SERVFAIL; the next plugin is not asked", () => {
    expect(corefileDig(corefile("")).dig("other.example.org", "A")).toBe(";; status: SERVFAIL, flags: qr rd");
  });

  it("with fallthrough the next plugin answers", () => {
    expect(corefileDig(corefile("fallthrough")).dig("other.example.org", "A")).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nother.example.org. 3600 IN A 10.9.9.9",
    );
  });
});

describe("template: an ANY question (found by difftest --corefiles, case 1:14)", () => {
  it("{{ .Type }} is the template's own type when the question's is ANY (template.go match)", () => {
    const s = corefileDig(
      `. {\n  template IN TXT {\n    answer "{{ .Name }} 30 IN TXT \\"{{ .Type }} {{ .Class }}\\""\n  }\n}`,
    );
    expect(s.dig("example.org", "ANY").split("\n").pop()).toBe('example.org. 30 IN TXT "TXT IN"');
    expect(s.dig("example.org", "TXT").split("\n").pop()).toBe('example.org. 30 IN TXT "TXT IN"');
  });
});
