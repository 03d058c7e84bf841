import { describe, it, expect } from "vitest";
import { loadPlan, type ExpectStep, type SourceHost } from "../../index.js";

const host = (text: string): SourceHost => ({
  readFile: (p) => (p === "s.netspec" ? text : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

const POD =
  'apply """\n  apiVersion: v1\n  kind: Pod\n  metadata: { name: web }\n  spec: { containers: [{ name: c, image: x }] }\n"""';

function compile(lines: string) {
  const r = loadPlan(["s.netspec"], host(`suite "s" {\n  ${POD}\n  test "t" {\n${lines}\n  }\n}\n`));
  const steps = r.plan.files[0]?.suites[0]?.cases[0]?.steps ?? [];
  return { diagnostics: r.diagnostics, expects: steps.filter((s): s is ExpectStep => s.type === "expect") };
}

describe("dns query names with symbolic parts", () => {
  it("a plain name stays a plain name", () => {
    const { diagnostics, expects } = compile("expect dns A web.default.svc.cluster.local { rcode NOERROR }");
    expect(diagnostics).toEqual([]);
    expect(expects[0]!.probe).toEqual({ kind: "dns", qtype: "A", qname: "web.default.svc.cluster.local" });
  });

  it("dashed-ip(pod ...) touching the rest of the name is one name, resolved at run time", () => {
    const { diagnostics, expects } = compile(
      "expect dns A dashed-ip(pod default/web).default.pod.cluster.local from pod default/web { rcode NOERROR }",
    );
    expect(diagnostics).toEqual([]);
    const probe = expects[0]!.probe as Extract<ExpectStep["probe"], { kind: "dns" }>;
    expect(probe.qname).toBe("dashed-ip(pod default/web).default.pod.cluster.local");
    expect(probe.from).toMatchObject({ kind: "pod", ref: { name: "web" } });
    expect(probe.qnameValue).toMatchObject({
      kind: "concat",
      parts: [
        { kind: "ref", fn: "dashed-ip", target: { kind: "pod", namespace: "default", name: "web" } },
        { kind: "string", value: ".default.pod.cluster.local" },
      ],
    });
  });

  it("reverse-name(pod ...) alone is the query name", () => {
    const { diagnostics, expects } = compile("expect dns PTR reverse-name(pod web) { rcode NOERROR }");
    expect(diagnostics).toEqual([]);
    expect(expects[0]!.probe).toMatchObject({
      qname: "reverse-name(pod web)",
      qnameValue: { kind: "ref", fn: "reverse-name" },
    });
  });

  it("a record's name can be written in parts too; a selection cannot be part of a name", () => {
    const ok = compile(
      "expect dns A x.default.svc.cluster.local { answer == [a(dashed-ip(pod web).x.default.svc.cluster.local., ip(pod web))] }",
    );
    expect(ok.diagnostics).toEqual([]);
    const bad = compile("expect dns A ips(pods default where app=a).x { rcode NOERROR }");
    expect(bad.diagnostics.map((d) => d.code)).toContain("check/invalid-value");
  });

  it("a pod nothing defines is reported where it is written", () => {
    const { diagnostics } = compile(
      "expect dns A dashed-ip(pod ghost).default.pod.cluster.local { rcode NOERROR }",
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["check/unknown-pod"]);
  });
});
