import { describe, expect, it } from "vitest";
import type { PlanCase, Step } from "../../../dsl/index.js";
import { caseOf, dnsProbe, expectStep, span } from "../../../test/helpers/plans.js";
import { caseClaims } from "./case-claims.js";

const apply = (text: string): Step => ({
  type: "apply",
  span: span(),
  source: { kind: "inline", manifest: { path: "t.netspec", text, line: 1, column: 0 } },
});
const of = (...steps: Step[]): PlanCase =>
  caseOf("t.netspec", "S", "c", [...steps, expectStep(dnsProbe, [])]);
const kept = new Set(["default"]);

describe("caseClaims: what a case shares with the other cases on one cluster", () => {
  it("a case in namespaces of its own claims nothing", () => {
    const c = of(
      apply(`apiVersion: v1\nkind: Namespace\nmetadata: { name: testns }\n---
apiVersion: v1\nkind: Pod\nmetadata: { name: a, namespace: testns }\nspec: { containers: [{ name: c, image: x }] }\n`),
    );
    expect(caseClaims(c, kept)).toEqual([]);
  });

  it("objects in the kept default namespace claim it, by name", () => {
    const c = of(
      apply(`apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n`),
    );
    expect(caseClaims(c, kept)).toEqual(["namespace default"]);
    // Where default is renamed per case (an existing cluster), it is the case's own.
    expect(caseClaims(c, new Set())).toEqual([]);
  });

  it("faults, system namespaces, cluster-scoped kinds, pinned addresses and host ports run alone", () => {
    const fault: Step = { type: "fault", span: span(), name: "dns-outage", args: [] };
    expect(caseClaims(of(fault), kept)).toBe("all");
    const corefile = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: coredns, namespace: kube-system }\ndata: {}\n`;
    expect(caseClaims(of(apply(corefile)), kept)).toBe("all");
    expect(caseClaims(of(apply(`apiVersion: v1\nkind: Node\nmetadata: { name: n }\n`)), kept)).toBe("all");
    const pinned = `apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: t }\nspec: { clusterIP: 10.96.0.50, ports: [{ port: 80 }] }\n`;
    expect(caseClaims(of(apply(pinned)), kept)).toBe("all");
    const hostNet = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: t }\nspec: { template: { spec: { hostNetwork: true, containers: [{ name: c, image: x }] } } }\n`;
    expect(caseClaims(of(apply(hostNet)), kept)).toBe("all");
    const hostPort = `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: t }\nspec: { containers: [{ name: c, image: x, ports: [{ containerPort: 80, hostPort: 8080 }] }] }\n`;
    expect(caseClaims(of(apply(hostPort)), kept)).toBe("all");
  });

  it("steps on refs claim the ref's namespace; CoreDNS's own log is everyone's", () => {
    const scale: Step = {
      type: "scale",
      span: span(),
      target: { kind: "Deployment", namespace: "kube-system", name: "coredns" },
      replicas: 0,
    };
    expect(caseClaims(of(scale), kept)).toBe("all");
    const del: Step = { type: "delete", span: span(), target: { kind: "Pod", name: "a" } };
    expect(caseClaims(of(del), kept)).toEqual(["namespace default"]);
    expect(caseClaims(of(expectStep({ kind: "coredns" }, [])), kept)).toBe("all");
  });

  it("a manifest that does not parse claims nothing (the API server reports it)", () => {
    expect(caseClaims(of(apply("a: [")), kept)).toEqual([]);
  });
});
