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

  it("reads kubernetes-version into the cluster settings, one of the releases admission knows", () => {
    const ok = loadPlan(
      ["a.netspec"],
      memHost({
        "a.netspec":
          'suite "s" {\n  cluster kubeadm { kubernetes-version 1.33 }\n  test "t" { wait 1s }\n}\n',
      }),
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.plan.files[0]!.suites[0]!.cluster.kubernetesVersion).toBe("1.33");
    const bad = loadPlan(
      ["a.netspec"],
      memHost({
        "a.netspec": 'suite "s" {\n  cluster kubeadm { kubernetes-version 1.4 }\n  test "t" { wait 1s }\n}\n',
      }),
    );
    expect(bad.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([["check/invalid-value", 2]]);
  });

  it("refuses a node count past Kubernetes' 5,000 and still finishes (fuzz: `nodes 2147483648` hung)", () => {
    const text = 'suite "s" {\n  cluster kubeadm { nodes 2147483648 }\n  test "t" { wait 1s }\n}\n';
    const start = performance.now();
    const r = loadPlan(["a.netspec"], memHost({ "a.netspec": text }));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span?.line])).toEqual([
      ["check/invalid-value", "`nodes` must be 1 to 5000, got 2147483648", 2],
    ]);
    expect(
      loadPlan(["a.netspec"], memHost({ "a.netspec": text.replace("2147483648", "0") })).diagnostics,
    ).toHaveLength(1);
  });

  it("reports an alias used as a key before its anchor as invalid YAML (fuzz: it threw a ReferenceError)", () => {
    const text = 'suite "s" {\n  apply """\n    a: {*b : 1}\n  """\n  test "t" { wait 1s }\n}\n';
    const r = loadPlan(["a.netspec"], memHost({ "a.netspec": text }));
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([["check/invalid-yaml", 3]]);
  });

  it("reports such an alias in a merge patch at check time too (it was run/internal when the step ran)", () => {
    const text =
      'suite "s" {\n  test "t" {\n    patch service default/web """\n      a: {*b : 1}\n    """\n  }\n}\n';
    const r = loadPlan(["a.netspec"], memHost({ "a.netspec": text }));
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([["check/invalid-yaml", 4]]);
  });

  it("reports a fixture that uses itself at once, however often (fuzz: 3 self-uses hung the checker)", () => {
    const text =
      'fixture f {\n  use f\n  use f\n  use f\n}\nsuite "s" {\n  use f\n  test "t" { wait 1s }\n}\n';
    const start = performance.now();
    const codes = loadPlan(["a.netspec"], memHost({ "a.netspec": text })).diagnostics.map((d) => d.code);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(new Set(codes)).toEqual(new Set(["check/fixture-cycle"]));
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

describe("the loader's file reader", () => {
  const svcJson = JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "svc", namespace: "x" },
    spec: { selector: { app: "a" }, ports: [{ port: 80 }] },
  });
  const spec =
    'suite "s" {\n  apply dir "m"\n  test "t" { expect endpoints of service x/svc { count == 0 } }\n}\n';

  it("knows a Service defined in a .json manifest of an apply dir", () => {
    const r = loadPlan(
      ["specs/a.netspec"],
      memHost({ "specs/a.netspec": spec, "specs/m/svc.json": svcJson }),
    );
    expect(r.diagnostics).toEqual([]);
    const apply = r.plan.files[0]!.suites[0]!.setup[0]!;
    expect(apply).toMatchObject({ type: "apply", source: { kind: "dir", path: "specs/m" } });
    const source = (apply as { source: { manifests: { path: string; text: string }[] } }).source;
    expect(source.manifests).toEqual([{ path: "specs/m/svc.json", text: svcJson, line: 1, column: 0 }]);
  });

  it("reports the same reference when the directory lacks the manifest", () => {
    const r = loadPlan(
      ["specs/a.netspec"],
      memHost({ "specs/a.netspec": spec, "specs/m/other.txt": svcJson }),
    );
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([["check/unknown-service", 3]]);
  });

  it("takes a directory's .yaml, .yml and .json files sorted by name, and nothing else", () => {
    const host = memHost({
      "a.netspec": 'suite "s" { apply dir "m" }\n',
      "m/b.yaml": "kind: A",
      "m/a.json": "{}",
      "m/c.txt": "no",
      "m/d.yml": "kind: D",
    });
    const apply = loadPlan(["a.netspec"], host).plan.files[0]!.suites[0]!.setup[0] as {
      source: { manifests: { path: string }[] };
    };
    expect(apply.source.manifests.map((m) => m.path)).toEqual(["m/a.json", "m/b.yaml", "m/d.yml"]);
  });

  it("reports missing and unreadable files at the statement, at check time", () => {
    const host: SourceHost = {
      ...memHost({
        "a.netspec":
          'suite "s" {\n  apply file "nope.yaml"\n  apply dir "m"\n  test "t" { fault corefile-edit file="gone.Corefile" }\n}\n',
      }),
      isDirectory: (p) => p === "m",
      listDir: () => ["locked.yaml"],
    };
    const r = loadPlan(["a.netspec"], host);
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column, d.message])).toEqual([
      ["check/missing-file", 2, 14, "file nope.yaml does not exist (looked for nope.yaml)"],
      ["check/unreadable-file", 3, 13, "cannot read manifest file m/locked.yaml"],
      ["check/missing-file", 4, 34, "file gone.Corefile does not exist (looked for gone.Corefile)"],
    ]);
  });

  it("reads a fault's file= argument into the plan as its text", () => {
    const host = memHost({
      "specs/a.netspec": 'suite "s" {\n  test "t" { fault corefile-edit file="c/Corefile" }\n}\n',
      "specs/c/Corefile": ".:53 { whoami }\n",
    });
    const r = loadPlan(["specs/a.netspec"], host);
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.files[0]!.suites[0]!.cases[0]!.steps[0]).toMatchObject({
      type: "fault",
      name: "corefile-edit",
      args: [{ key: "text", value: ".:53 { whoami }\n", file: "specs/c/Corefile" }],
    });
  });

  it("reads each file once, however often it is applied", () => {
    const files = {
      "a.netspec":
        'fixture f { apply file "p.yaml" }\nsuite "s" {\n  test "t1" { use f }\n  test "t2" { use f; apply file "p.yaml" }\n}\n',
      "p.yaml": "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\n",
    };
    const reads: string[] = [];
    const host = memHost(files);
    const r = loadPlan(["a.netspec"], { ...host, readFile: (p) => (reads.push(p), host.readFile(p)) });
    expect(r.diagnostics).toEqual([]);
    expect(reads).toEqual(["a.netspec", "p.yaml"]);
  });

  it("checks fault names against the faults it is given", () => {
    const host = memHost({ "a.netspec": 'suite "s" { test "t" { fault chaos-monkey } }\n' });
    expect(loadPlan(["a.netspec"], host).diagnostics.map((d) => d.code)).toEqual(["check/unknown-fault"]);
    const r = loadPlan(["a.netspec"], host, { faults: [{ name: "chaos-monkey", args: "" }] });
    expect(r.diagnostics).toEqual([]);
  });
});
