import { describe, expect, it } from "vitest";
import { loadPlan } from "../../../dsl/index.js";
import { engineOutcome } from "./engine-side.js";
import { FAMILIES, generateAdmissionCase } from "./generate.js";
import { canonical, canonicalCauses, compareOutcomes, normalObject, sameMessage } from "./outcome.js";
import { explainAdmission } from "./known.js";
import { admissionReproduction } from "./reproduction.js";
import { namespaceDoc } from "./run.js";

const files = { setup: "/tmp/setup.yaml", probe: "/tmp/probe.yaml" };

describe("the admission differential tester", () => {
  it("generates the same case from the same seed and index, from every family", () => {
    expect(generateAdmissionCase(1, 7)).toEqual(generateAdmissionCase(1, 7));
    expect(generateAdmissionCase(1, 7)).not.toEqual(generateAdmissionCase(2, 7));
    const seen = new Set(Array.from({ length: 400 }, (_, i) => generateAdmissionCase(1, i).family));
    expect([...seen].sort()).toEqual(FAMILIES.map((f) => f.name).sort());
  });

  it("reads kubectl's renderings back into the server's message", () => {
    expect(
      canonical(
        'Error from server (BadRequest): error when creating "f.yaml": Service in version "v1" cannot be handled as a Service: x',
      ),
    ).toBe('Service in version "v1" cannot be handled as a Service: x');
    const multi = 'The Service "s" is invalid: \n* spec.ports: Required value\n* spec.type: Required value\n';
    expect(canonicalCauses(multi)).toEqual({
      message: 'Service "s" is invalid: [spec.ports: Required value, spec.type: Required value]',
      causes: ["spec.ports: Required value", "spec.type: Required value"],
    });
    expect(canonical('error: unable to decode "f": json: x')).toBe('unable to decode "f": json: x');
  });

  it("compares causes as a set (Go validates maps in random order) and ignores uids", () => {
    const a = { accepted: false, message: 'P "p" is invalid: [a, b]', causes: ["a", "b"] };
    const b = { accepted: false, message: 'P "p" is invalid: [b, a]', causes: ["b", "a"] };
    expect(sameMessage(a, b)).toBe(true);
    expect(
      compareOutcomes(a, { ...b, causes: ["b", "c"], message: 'P "p" is invalid: [b, c]' }, "")[0],
    ).toMatch(/^message:/);
    const obj = {
      kind: "Job",
      metadata: { uid: "u-1", creationTimestamp: "t" },
      spec: { selector: { matchLabels: { id: "u-1" } } },
    };
    expect(normalObject(obj, "")).toEqual({
      kind: "Job",
      metadata: {},
      spec: { selector: { matchLabels: { id: "<uid>" } } },
    });
  });

  it("explains only stand-ins the server fills with pointer dumps or a go-cmp report", () => {
    const ref = (message: string) => ({ accepted: false, message, causes: [message] });
    const pdb = (v: string) =>
      `PodDisruptionBudget "p" is invalid: spec: Invalid value: ${v}: minAvailable and maxUnavailable cannot be both set`;
    const reference = ref(pdb("policy.PodDisruptionBudgetSpec{...}"));
    const c = generateAdmissionCase(1, 0);
    const explained = (server: string) => {
      const s = ref(server);
      return explainAdmission(c, reference, s, compareOutcomes(reference, s, ""))?.id;
    };
    expect(
      explained(pdb("policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0x1a5bcb268280)}")),
    ).toBe("go-pointer-dump");
    expect(explained(pdb('policy.PodDisruptionBudgetSpec{Name:"x"}'))).toBeUndefined();
    expect(explained(pdb("policy.Other{A:(*int)(0x1)}"))).toBeUndefined();
    const pod = (diff: string) =>
      `Pod "p" is invalid: spec: Forbidden: pod updates may not change fields\n${diff}`;
    const r2 = ref(pod("  core.PodSpec{ ... }"));
    const s2 = ref(pod("  core.PodSpec{\n- \tA: 1,\n+ \tA: 2,\n  }"));
    expect(explainAdmission(c, r2, s2, compareOutcomes(r2, s2, ""))?.id).toBe("go-cmp-report");
  });

  it("runs every family's cases through the engine (setup always admitted)", () => {
    for (let i = 0; i < 150; i++) {
      const c = generateAdmissionCase(5, i);
      const o = engineOutcome(c, files, namespaceDoc(c));
      expect(typeof o.accepted).toBe("boolean");
      if (!o.accepted) expect(o.message.length).toBeGreaterThan(0);
      else expect(o.objects!.length).toBeGreaterThan(0);
    }
  });

  it("writes reproductions that are valid .netspec holding the server's verdict", () => {
    const c = generateAdmissionCase(1, 3);
    const text = admissionReproduction(
      c,
      namespaceDoc(c),
      {
        accepted: false,
        message: 'Service "s" is invalid: spec.ports[0].name: Invalid value: "HTTP": bad',
        causes: [],
      },
      ["verdict: ..."],
    );
    expect(text).toContain(
      'message matches "spec\\\\.ports\\\\[0\\\\]\\\\.name: Invalid value: \\"HTTP\\": bad"',
    );
    expect(text).toContain('expect apply file "1-3.probe.yaml"');
    const host = {
      readFile: (p: string) => (p === "r.netspec" ? text : p === "1-3.probe.yaml" ? c.probe : undefined),
      isDirectory: () => false,
      listDir: () => [],
    };
    const { diagnostics } = loadPlan(["r.netspec"], host);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
