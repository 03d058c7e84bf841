/**
 * The text edits `run --update` makes: for each expectation that ran (on the first target), every
 * matcher that disagreed gets the observed value in place of the expected one (a flag matcher of a
 * connection becomes the flag observed: `denied` → `allowed`); an expectation without matchers gets
 * the ones a person would check first. Matchers that passed, that could not be judged, or whose
 * observed value has no written form are left as they are. Edits are offsets in the spec texts.
 */
import type { ExpectStep, Matcher, Plan, Step } from "../../dsl/index.js";
import type { CaseResult, RunResult, StepRecord } from "../../runner/index.js";
import { defaultMatchers, observedText, verdictText } from "./render.js";

export interface TextEdit {
  file: string;
  from: number;
  to: number;
  text: string;
}

const FLAGS = new Set(["allowed", "denied", "refused", "timeout", "rejected"]);

/** Every expect step of the plan by where it is (file and offset), to find a record's step. */
function stepsByPlace(plan: Plan): Map<string, ExpectStep> {
  const out = new Map<string, ExpectStep>();
  const add = (steps: Step[]) => {
    for (const s of steps) if (s.type === "expect") out.set(`${s.span.file}@${s.span.offset}`, s);
  };
  for (const suite of plan.files.flatMap((f) => f.suites)) {
    add(suite.setup);
    for (const c of suite.cases) add(c.steps);
  }
  return out;
}

function matcherEdit(m: Matcher, ok: boolean, rec: StepRecord, source: string): TextEdit | undefined {
  const o = rec.observation;
  if (ok || !o) return undefined;
  if (!m.value && FLAGS.has(m.subject)) {
    const text =
      verdictText(o) ?? (m.subject === "timeout" && o.kind === "dns" ? `rcode ${o.rcode}` : undefined);
    // A matcher's span may end past the blanks after it: they stay.
    const blanks = /\s*$/.exec(source.slice(m.span.offset, m.span.endOffset))![0];
    return text
      ? { file: m.span.file, from: m.span.offset, to: m.span.endOffset, text: text + blanks }
      : undefined;
  }
  if (!m.value || !(m.op === "==" || m.op === "is")) return undefined;
  const text = observedText(o, m.subject, m.field);
  const v = m.value.span;
  return text === undefined ? undefined : { file: v.file, from: v.offset, to: v.endOffset, text };
}

/** The edits for one expectation's record. */
function stepEdits(step: ExpectStep, rec: StepRecord, source: string): TextEdit[] {
  if (!rec.observation) return [];
  if (step.matchers.length === 0) {
    const lines = defaultMatchers(rec.observation);
    if (!lines.length) return [];
    const s = step.span;
    const text = source.slice(s.offset, s.endOffset);
    const close = text.lastIndexOf("}");
    const body = `\n${lines.join("\n")}\n`;
    // `expect … { }` gets its block filled; `expect …` without one gets a block.
    return close >= 0 && text.includes("{")
      ? [{ file: s.file, from: s.offset + text.indexOf("{") + 1, to: s.offset + close, text: body }]
      : [{ file: s.file, from: s.endOffset, to: s.endOffset, text: ` {${body}}` }];
  }
  const verdicts = rec.verdicts ?? [];
  // A reach table's own verdict comes first, then one per matcher.
  const skip = verdicts.length - step.matchers.length;
  return step.matchers.flatMap((m, i) => {
    const v = verdicts[i + skip];
    if (!v || v.error) return [];
    return matcherEdit(m, v.ok, rec, source) ?? [];
  });
}

/** Every edit for the cases of `target` (the first target by default), each place edited once. */
export function updateEdits(plan: Plan, result: RunResult, sources: ReadonlyMap<string, string>): TextEdit[] {
  const target = result.targets[0];
  const steps = stepsByPlace(plan);
  const edits = new Map<string, TextEdit>();
  const cases: CaseResult[] = result.cases.filter((c) => c.target === target && c.status !== "skipped");
  for (const c of cases)
    for (const rec of c.steps) {
      if (rec.type !== "expect" || rec.divergence) continue;
      const step = steps.get(`${rec.span.file}@${rec.span.offset}`);
      const source = step && sources.get(step.span.file);
      if (!step || source === undefined) continue;
      for (const e of stepEdits(step, rec, source)) {
        const key = `${e.file}@${e.from}`;
        if (!edits.has(key)) edits.set(key, e);
      }
    }
  return [...edits.values()];
}
