/**
 * A stand-in for dsl/ and the reference target while they land: it understands only the one-line
 * `expect dns TYPE NAME { rcode X }` tests of cases/ (enough to drive the CLI spine end to end) and
 * reports an unbalanced brace as a parse error. The lead swaps in the real front end and target.
 */
import type { Diagnostic, Plan, PlanCase } from "../../dsl/index.js";
// Imported directly (not through runner/index.js): this module is loaded from the vi.mock factory
// of runner/targets/reference.js, which runner/index.js itself imports.
import { createFakeTarget } from "../../runner/targets/fake.js";
import type { Target } from "../../runner/targets/target.js";

interface Host {
  readFile(path: string): string | undefined;
}

export function fakeLoadPlan(
  files: string[],
  host: Host,
): { plan: Plan; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const plan: Plan = { files: [] };
  for (const file of files) {
    const text = host.readFile(file) ?? "";
    sources.set(file, text);
    const lines = text.split("\n");
    if ((text.match(/\{/g) ?? []).length !== (text.match(/\}/g) ?? []).length) {
      const line = lines.length - 1;
      diagnostics.push({
        code: "parse/unexpected-eof",
        severity: "error",
        message: "unexpected end of file: missing `}`",
        notes: [],
        span: { file, line, column: 1, offset: 0, endLine: line, endColumn: 2, endOffset: 1 },
      });
      continue;
    }
    const suite = /suite "([^"]+)"/.exec(text)?.[1] ?? "suite";
    const cases: PlanCase[] = [];
    lines.forEach((l, k) => {
      const t = /test "([^"]+)"/.exec(l);
      const e = /expect dns (\w+) (\S+) \{ rcode (\w+) \}/.exec(lines[k + 1] ?? "");
      if (!t || !e) return;
      const at = (line: number, col: number, len: number) => ({
        file,
        line,
        column: col,
        offset: 0,
        endLine: line,
        endColumn: col + len,
        endOffset: len,
      });
      const col = (lines[k + 1] ?? "").indexOf("rcode") + 1;
      cases.push({
        id: `${file}::${suite}::${t[1]}`,
        name: t[1]!,
        suite,
        file,
        span: at(k + 1, 3, 4),
        tags: [],
        steps: [
          {
            type: "expect",
            span: at(k + 2, 5, 6),
            divergences: [],
            probe: { kind: "dns", qtype: e[1]!, qname: e[2]! },
            matchers: [
              {
                span: at(k + 2, col, 6 + e[3]!.length),
                subject: "rcode",
                op: "==",
                value: { kind: "ident", value: e[3]!, span: at(k + 2, col + 6, e[3]!.length) },
              },
            ],
          },
        ],
      });
    });
    plan.files.push({
      file,
      suites: [
        {
          name: suite,
          span: cases[0]?.span ?? {
            file,
            line: 1,
            column: 1,
            offset: 0,
            endLine: 1,
            endColumn: 1,
            endOffset: 0,
          },
          tags: [],
          cluster: { profile: "kubeadm" },
          upstream: [],
          setup: [],
          cases,
        },
      ],
    });
  }
  return { plan, diagnostics, sources };
}

/** Answers every A query NOERROR with one record, as a healthy cluster would for kubernetes.default. */
export function fakeReferenceTarget(): Target {
  return createFakeTarget({
    name: "reference",
    observations: {
      dns: {
        kind: "dns",
        server: "10.96.0.10:53",
        transport: "udp",
        timeout: false,
        rcode: "NOERROR",
        flags: ["qr", "aa", "rd"],
        question: [{ name: "kubernetes.default.svc.cluster.local.", type: "A", class: "IN" }],
        answer: [
          {
            name: "kubernetes.default.svc.cluster.local.",
            ttl: 30,
            class: "IN",
            type: "A",
            data: "10.96.0.1",
          },
        ],
        authority: [],
        additional: [],
        elapsedMs: 0,
        reasons: ["kubernetes: service default/kubernetes"],
      },
    },
  });
}
