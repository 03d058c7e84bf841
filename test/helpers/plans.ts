/** Hand-built Plans for tests (the runner's, the reporters' and the CLI's). */
import type { ExpectStep, Matcher, Plan, PlanCase, Probe, Span, Step, Value } from "../../dsl/index.js";
import type { Observation } from "../../runner/index.js";

export function span(file = "t.netspec", line = 1, column = 1, length = 1): Span {
  return { file, line, column, offset: 0, endLine: line, endColumn: column + length, endOffset: length };
}

export function caseOf(
  file: string,
  suite: string,
  name: string,
  steps: Step[],
  extra: Partial<PlanCase> = {},
): PlanCase {
  return { id: `${file}::${suite}::${name}`, name, suite, file, span: span(file), tags: [], steps, ...extra };
}

export function planOf(files: Record<string, PlanCase[]>): Plan {
  return {
    files: Object.entries(files).map(([file, cases]) => ({
      file,
      suites: [...new Set(cases.map((c) => c.suite))].map((suite) => ({
        name: suite,
        span: span(file),
        tags: [],
        cluster: { profile: "kubeadm" as const },
        upstream: [],
        setup: [],
        cases: cases.filter((c) => c.suite === suite),
      })),
    })),
  };
}

export function str(value: string): Value {
  return { kind: "string", value, span: span() };
}
export function ident(value: string): Value {
  return { kind: "ident", value, span: span() };
}
export function num(value: number): Value {
  return { kind: "number", value, span: span() };
}
export function list(...items: Value[]): Value {
  return { kind: "list", items, span: span() };
}

export function matcher(
  subject: string,
  op: Matcher["op"],
  value?: Value,
  extra: Partial<Matcher> = {},
): Matcher {
  return { span: span(), subject, op, ...(value ? { value } : {}), ...extra };
}

export function expectStep(probe: Probe, matchers: Matcher[], extra: Partial<ExpectStep> = {}): ExpectStep {
  return { type: "expect", span: span(), probe, matchers, divergences: [], ...extra };
}

export const dnsProbe: Probe = { kind: "dns", qtype: "A", qname: "x.default.svc.cluster.local." };

/** A DNS observation with just an rcode (and the reasons a failure report shows). */
export function dnsObservation(rcode: string, reasons = ["kubernetes: no such service"]): Observation {
  return {
    kind: "dns",
    server: "10.96.0.10:53",
    transport: "udp",
    timeout: false,
    rcode,
    flags: ["qr", "aa"],
    question: [],
    answer: [],
    authority: [],
    additional: [],
    elapsedMs: 1,
    reasons,
  };
}
