import { describe, it, expect } from "vitest";
import { loadPlan, type SourceHost } from "./index.js";

function memHost(files: Record<string, string>): SourceHost {
  return {
    readFile: (p) => files[p],
    isDirectory: (p) => Object.keys(files).some((f) => f.startsWith(p + "/")),
    listDir: (p) =>
      Object.keys(files)
        .filter((f) => f.startsWith(p + "/"))
        .map((f) => f.slice(p.length + 1)),
  };
}

describe("loadPlan", () => {
  it("follows imports relative to the importing file, inlines fixtures and prepends suite setup", () => {
    const host = memHost({
      "specs/lib/common.netspec":
        'fixture pod { apply """\n  apiVersion: v1\n  kind: Pod\n  metadata: { name: p }\n""" }\n',
      "specs/main.netspec":
        'import "lib/common.netspec"\nsuite "s" {\n  use pod\n  test "t" { wait 1s }\n}\n',
    });
    const r = loadPlan(["specs/main.netspec"], host);
    expect(r.diagnostics).toEqual([]);
    const c = r.plan.files[0]!.suites[0]!.cases[0]!;
    expect(c.id).toBe("specs/main.netspec::s::t");
    expect(c.steps.map((s) => s.type)).toEqual(["apply", "wait"]);
    expect([...r.sources.keys()]).toEqual(["specs/main.netspec", "specs/lib/common.netspec"]);
  });

  it("reports missing imports and import cycles", () => {
    const host = memHost({
      "a.netspec": 'import "b.netspec"\nimport "missing.netspec"\n',
      "b.netspec": 'import "a.netspec"\n',
    });
    const codes = loadPlan(["a.netspec"], host).diagnostics.map((d) => d.code);
    expect(codes).toContain("check/import-cycle");
    expect(codes).toContain("check/missing-file");
  });

  it("attaches within and divergences to the preceding expect", () => {
    const host = memHost({
      "a.netspec":
        'suite "s" {\n  test "t" {\n    expect coredns { ready == 2 }\n    within 30s\n    on local "differs" skip\n  }\n}\n',
    });
    const r = loadPlan(["a.netspec"], host);
    expect(r.diagnostics).toEqual([]);
    const step = r.plan.files[0]!.suites[0]!.cases[0]!.steps[0]!;
    expect(step).toMatchObject({
      type: "expect",
      within: 30000,
      divergences: [{ target: "local", reason: "differs", skip: true }],
    });
  });

  it("points YAML errors inside inline manifests at the .netspec line", () => {
    const host = memHost({
      "a.netspec": 'suite "s" {\n  apply """\n    kind: Pod\n    metadata: [\n  """\n}\n',
    });
    const d = loadPlan(["a.netspec"], host).diagnostics.find((x) => x.code === "check/invalid-yaml");
    expect(d?.span?.line).toBeGreaterThanOrEqual(4);
  });
});
