import { describe, it, expect } from "vitest";
import { loadPlan, type SourceHost } from "../index.js";

const host = (text: string): SourceHost => ({
  readFile: (p) => (p === "s.netspec" ? text : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

const spec = (extra: string, probe = "") =>
  `suite "s" {\n  apply """\n    apiVersion: v1\n    kind: Pod\n    metadata: { name: a }\n    spec:\n      containers:\n        - name: c\n          image: x\n${probe}${extra}  """\n}\n`;

const warnings = (text: string) =>
  loadPlan(["s.netspec"], host(text))
    .diagnostics.filter((d) => d.severity === "warning")
    .map((d) => ({ code: d.code, line: d.span?.line, column: d.span?.column, message: d.message }));

describe("Pod manifests that mean something else on a real API server", () => {
  it("a pinned status is warned about at its key, naming what is pinned", () => {
    expect(warnings(spec("    status: { phase: Running, podIP: 10.244.1.5 }\n"))).toEqual([
      {
        code: "check/pod-status-pinned",
        line: 10,
        column: 5,
        message:
          "Pod status (phase, podIP) is dropped by a real API server on create: kubelet reports phase and readiness from the containers' probes and the CNI assigns the IPs, so on real targets this spec means something else",
      },
    ]);
  });

  it("an exec readiness probe is said to be assumed; a pod without status or exec is quiet", () => {
    const exec = warnings(spec("", "          readinessProbe: { exec: { command: [cat, /ready] } }\n"));
    expect(exec.map((w) => [w.code, w.line, w.column])).toEqual([["check/exec-probe-assumed", 10, 29]]);
    expect(warnings(spec("", "          readinessProbe: { tcpSocket: { port: 8081 } }\n"))).toEqual([]);
  });

  it("status on another kind (a Service's loadBalancer) is not this warning", () => {
    const svc = `suite "s" {\n  apply """\n    apiVersion: v1\n    kind: Service\n    metadata: { name: a }\n    spec: { ports: [{ port: 80 }] }\n    status: { loadBalancer: { ingress: [{ ip: 192.0.2.1 }] } }\n  """\n}\n`;
    expect(warnings(svc)).toEqual([]);
  });
});
