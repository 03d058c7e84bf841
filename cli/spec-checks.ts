/**
 * What `netspec check` adds to the language's own checks: every Corefile a suite uses is parsed and
 * every manifest it applies is admitted by the engine (cli/engine-admission.ts), before anything
 * runs. Each problem is reported once, however many tests apply the same text, at the line and
 * column of the file the user edits: inside the `.netspec` for inline blocks (the block's stripped
 * indentation added back), in the manifest or Corefile file otherwise.
 *
 * Each test is admitted in the order it would run: its suite's setup, then its own `apply` steps (a
 * test's manifests may depend on the setup's namespaces). `expect apply` manifests are not admitted:
 * whether the API refuses them is what such a test observes.
 */
import type { ClusterSettings, Diagnostic, ManifestText, Plan, PlanSuite, Span, Step } from "../dsl/index.js";
import { admitTexts, clusterFor, type AdmissionProblem } from "./engine-admission.js";

/** The manifest texts a list of steps applies, in order. */
function applied(steps: Step[]): ManifestText[] {
  return steps.flatMap((s) =>
    s.type !== "apply" ? [] : s.source.kind === "inline" ? [s.source.manifest] : s.source.manifests,
  );
}

/** Every Corefile and manifest problem of the plan, once each, in the order found. */
export function engineChecks(plan: Plan): Diagnostic[] {
  const found = new Map<string, Diagnostic>();
  const add = (d: Diagnostic) => {
    const s = d.span;
    const key = `${s?.file}:${s?.line}:${s?.column}:${d.code}:${d.message}`;
    if (!found.has(key)) found.set(key, d);
  };
  const seen = new Set<string>();
  for (const suite of plan.files.flatMap((f) => f.suites)) checkSuite(suite, seen, add);
  return [...found.values()];
}

function checkSuite(suite: PlanSuite, seen: Set<string>, add: (d: Diagnostic) => void): void {
  const setup = applied(suite.setup);
  const sequences = suite.cases.length ? suite.cases.map((c) => applied(c.steps)) : [setup];
  for (const texts of sequences) {
    // Cases that apply the same texts in the same order admit once.
    const key = JSON.stringify([suite.cluster, texts.map((t) => [t.path, t.line, t.text])]);
    if (seen.has(key)) continue;
    seen.add(key);
    const { engine, problems } = clusterFor(suite.cluster);
    for (const p of problems) add(diagnosticOf(p, suite.cluster));
    if (!engine) continue;
    let failed = false;
    for (const p of admitTexts(engine, texts)) {
      // A document refused earlier may have been the namespace a later one needs: one cause only.
      if (failed && p.code === "manifest/namespace-not-found") continue;
      failed = true;
      add(diagnosticOf(p, suite.cluster));
    }
  }
}

/** A problem as a diagnostic at its place in the user's file. */
function diagnosticOf(p: AdmissionProblem, cluster: ClusterSettings): Diagnostic {
  const corefile = p.code.startsWith("corefile/");
  const span = p.line === undefined ? cluster.span : spanOf(p, corefile);
  const unknownKind = p.code === "manifest/unknown-kind" && !/did you mean/.test(p.message + (p.help ?? ""));
  // A plugin real CoreDNS runs but the reference does not model: the reference skips the suite.
  const unmodelled = p.code === "corefile/unsupported";
  return {
    // The engine's own codes: the same mistake has the same code at check time and at run time.
    code: p.code,
    // A kind the engine does not model may be a CRD a real cluster has: said, but not fatal.
    severity: unknownKind || unmodelled ? "warning" : "error",
    message: corefile ? translateLines(p.message, p.source) : p.message,
    span,
    notes: [],
    ...(unknownKind
      ? { help: "runs on the reference target will error on this document" }
      : unmodelled
        ? {
            help: "the reference target skips this suite; the local and kube targets run it with real CoreDNS",
          }
        : p.help
          ? { help: p.help }
          : {}),
  };
}

/** Text-relative line/column of a problem as a span in the file (the word there underlined). */
function spanOf(p: AdmissionProblem, corefile: boolean): Span {
  const m = p.source;
  const lines = m.text.split("\n");
  const l = Math.min(Math.max(1, p.line ?? 1), lines.length);
  const text = lines[l - 1] ?? "";
  let c = p.column ?? 1;
  // The Corefile parser gives lines, rarely columns: point at the token the message quotes, else at
  // the line's first word.
  if (corefile && c <= 1) {
    const quoted = /'([^']+)'|"([^"]+)"|: (\S+?),/.exec(p.message);
    const word = quoted?.[1] ?? quoted?.[2] ?? quoted?.[3];
    const at = word ? text.indexOf(word) : -1;
    c = at >= 0 ? at + 1 : /^\s*/.exec(text)![0].length + 1;
  }
  c = Math.min(Math.max(1, c), text.length + 1);
  const width = Math.max(1, /^[^\s,{}[\]]*/.exec(text.slice(c - 1))![0].length);
  const line = m.line + l - 1;
  const column = c + m.column;
  return { file: m.path, line, column, offset: 0, endLine: line, endColumn: column + width, endOffset: 0 };
}

/** `line N` inside a Corefile message is relative to the block: made a line of the file. */
function translateLines(message: string, m: ManifestText): string {
  return message.replace(/\bline (\d+)\b/g, (_all, n: string) => `line ${m.line + Number(n) - 1}`);
}
