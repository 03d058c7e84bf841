import { describe, expect, it } from "vitest";
import { loadPlan, type SourceHost } from "../../index.js";

const host = (text: string): SourceHost => ({
  readFile: (p) => (p === "u.netspec" ? text : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

describe("upstream blocks", () => {
  it('`upstream "ADDR"` gives its records to that server only; a bare block to every server', () => {
    const r = loadPlan(
      ["u.netspec"],
      host(
        'upstream "10.0.2.53:5353" {\n  app.bar.com A 10.60.0.6\n}\nsuite "s" {\n  upstream {\n    www.example.org A 93.184.216.34\n  }\n  test "t" { wait 1s }\n}\n',
      ),
    );
    expect(r.diagnostics).toEqual([]);
    const records = r.plan.files[0]!.suites[0]!.upstream.map((u) => [u.name, u.server]);
    expect(records).toEqual(
      expect.arrayContaining([
        ["app.bar.com", "10.0.2.53:5353"],
        ["www.example.org", undefined],
      ]),
    );
  });

  it("refuses an address that is not one, where it is written", () => {
    const r = loadPlan(
      ["u.netspec"],
      host('upstream "corp-dns" {\n  a.example A 1.2.3.4\n}\nsuite "s" { test "t" { wait 1s } }\n'),
    );
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([
      ["check/invalid-value", 1, 10],
    ]);
  });
});
