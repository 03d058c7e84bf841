/**
 * `netspec check --target`: the facts a spec pins that a real target cannot honour, as warnings at
 * their place in the spec. Per suite and target: the suite skipped whole (then nothing else is said
 * for it), each manifest pin (pins.ts), each fault the target does not realise and each expectation it
 * cannot observe, with the reasons the runner skips them by (steps.ts `unrealised`, run-expect.ts
 * `unobservable`). `expect apply` manifests are what such a test observes, not pins. A test marked
 * `skip`, or an expectation with an `on TARGET ... skip` divergence, has already said so.
 */
import {
  manifestPins,
  type ClusterSettings,
  type Diagnostic,
  type ManifestPin,
  type ManifestText,
  type Plan,
  type PlanSuite,
  type Step,
} from "../../dsl/index.js";
import { divergenceApplies, unobservable, unrealised } from "../run/index.js";
import { judgeNodeRef, nodeRefs } from "./node-refs.js";
import { judgePin, unknownRanges } from "./pins.js";
import type { RealTarget } from "./real-targets.js";

/** Every warning of the plan for these targets, once each, in the order found. */
export function portabilityWarnings(plan: Plan, targets: RealTarget[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (d: Diagnostic | undefined) => {
    const key = d && `${d.span?.file}:${d.span?.line}:${d.span?.column}:${d.code}:${d.message}`;
    if (!d || seen.has(key!)) return;
    seen.add(key!);
    out.push(d);
  };
  for (const t of targets) {
    const unknown: ManifestPin[] = [];
    for (const suite of plan.files.flatMap((f) => f.suites)) checkSuite(suite, t, add, unknown);
    add(unknownRanges(t, dedupe(unknown)));
  }
  return out;
}

function dedupe(pins: ManifestPin[]): ManifestPin[] {
  const at = new Map(pins.map((p) => [`${p.span.file}:${p.span.line}:${p.span.column}`, p]));
  return [...at.values()];
}

const warning = (code: string, message: string, span: Diagnostic["span"], help: string): Diagnostic => ({
  code,
  severity: "warning",
  message,
  span,
  notes: [],
  help,
});

function checkSuite(
  suite: PlanSuite,
  t: RealTarget,
  add: (d?: Diagnostic) => void,
  unknown: ManifestPin[],
): void {
  const skip = t.suiteSkip(suite);
  if (skip)
    return add(
      warning(
        "portability/suite-skipped",
        `${t.name} skips this suite: ${skip}`,
        suite.cluster.span ?? suite.span,
        `its tests have results on the other targets only; change the cluster block to run them on ${t.name}`,
      ),
    );
  const cases = suite.cases.filter((c) => c.skip === undefined);
  const sequences = suite.cases.length ? cases.map((c) => c.steps) : [suite.setup];
  for (const steps of sequences)
    for (const step of steps) {
      for (const m of applied(step))
        for (const p of manifestPins(m)) add(judgePin(p, t, suite.cluster, unknown));
      const w = stepWarning(step, t, suite.cluster);
      add(w);
      if (!w) for (const r of nodeRefs(step)) add(judgeNodeRef(r, t, suite.cluster));
      // A fault the target does not realise skips the rest of the case: nothing after it runs there.
      if (w && step.type === "fault") break;
    }
}

/** The manifest texts an `apply` step applies (an `expect apply` is a probe: not applied). */
function applied(step: Step): ManifestText[] {
  if (step.type !== "apply") return [];
  return step.source.kind === "inline" ? [step.source.manifest] : step.source.manifests;
}

function stepWarning(step: Step, t: RealTarget, cluster: ClusterSettings): Diagnostic | undefined {
  if (step.type === "fault") {
    const why = unrealised(step.name, t.target);
    if (why === undefined) return undefined;
    return warning(
      "portability/fault",
      `${t.name} skips this test from here: fault ${step.name}: ${why}`,
      step.span,
      "nothing to change if the other targets' results are what the test is for (docs/faults.md: which target realises which fault)",
    );
  }
  if (step.type !== "expect") return undefined;
  const divergence = step.divergences.find((d) => divergenceApplies(d, t.target, cluster));
  if (divergence?.skip) return undefined;
  const why = unobservable(step.probe, divergence?.matchers ?? step.matchers, t.target);
  if (why === undefined) return undefined;
  return warning(
    "portability/unobservable",
    `${t.name} skips this expectation: ${why}`,
    step.span,
    `state it in the spec with \`on ${t.name} "why" skip\` after the expectation, or expect something ${t.name} observes`,
  );
}
