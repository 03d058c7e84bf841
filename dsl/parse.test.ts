import { describe, it, expect } from "vitest";
import { parseSource, formatSource } from "./index.js";

describe("parseSource", () => {
  it("strips block-string indentation and remembers where the text starts", () => {
    const { ast, diagnostics } = parseSource(
      'suite "s" {\n  apply """\n    kind: Pod\n      x: 1\n  """\n}\n',
      "a.netspec",
    );
    expect(diagnostics).toEqual([]);
    const item = ast!.statements[0]!.block![0]!.items[0]!;
    expect(item).toMatchObject({ $type: "BlockString", value: "kind: Pod\n  x: 1\n", line: 3, column: 4 });
  });
  it("recovers after junk and reports every problem", () => {
    const { diagnostics } = parseSource('suite "s" {\n  wait 1s !!\n  wait "x\n}\n', "a.netspec");
    expect(diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([
      ["parse/unexpected-token", 2, 11],
      ["parse/unterminated-string", 3, 8],
    ]);
  });
  it("is linear on large inputs", () => {
    // Ten times the input may take ten times as long, not a hundred: a ratio, so a loaded machine
    // (every run slower alike) does not fail it; the best of three runs of each size.
    const body = 'test "t" { expect dns A x.example { rcode NOERROR; answer count == 1 } }\n';
    const time = (n: number) => {
      const text = `suite "big" {\n${body.repeat(n)}}\n`;
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const { diagnostics } = parseSource(text, "big.netspec");
        best = Math.min(best, performance.now() - start);
        expect(diagnostics).toEqual([]);
      }
      return best;
    };
    const small = time(2_000);
    const large = time(20_000);
    expect(large / small).toBeLessThan(30);
  }, 120_000);
});

describe("formatSource", () => {
  it("normalises spacing and indentation and keeps comments", () => {
    const out = formatSource('suite   "s"{\n      # note\nwait    5s   # why\n}\n', "a.netspec").output;
    expect(out).toBe('suite "s"{\n  # note\n  wait 5s # why\n}\n');
  });
  it("returns no output for a file that does not parse", () => {
    expect(formatSource('suite "s" {\n  wait !!\n}\n', "a.netspec").output).toBeUndefined();
  });
});

describe("stray braces", () => {
  it("reports a `}` with no open block and keeps parsing", () => {
    const { ast, diagnostics } = parseSource('}\nsuite "s" { }\n', "a.netspec");
    expect(diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([
      ["parse/unexpected-token", 1, 1],
    ]);
    expect(ast?.statements.map((s) => s.head)).toEqual(["suite"]);
  });
});
