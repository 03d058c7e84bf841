/**
 * Admission disagreements with a known reason: where the reference engine deliberately differs from
 * kube-apiserver 1.31.4, or where the difference is in wording a reimplementation cannot reproduce.
 * Each says why and which upstream code makes the server behave as it does. Anything not matched
 * here is an unexplained disagreement.
 */
import type { AdmissionCase } from "./case.js";
import type { Outcome } from "./outcome.js";

export interface KnownAdmissionDivergence {
  id: string;
  reason: string;
  matches(c: AdmissionCase, reference: Outcome, server: Outcome, differences: string[]): boolean;
}

/**
 * The reference's stand-ins for what it does not print: `T{...}` for a Go struct dump and
 * `  core.PodSpec{ ... }` for a go-cmp report. Each becomes a pattern the server's text must fill;
 * `check` is what the filled text must look like for the stand-in to be explained.
 */
const STANDINS: { text: RegExp; check: (filled: string) => boolean }[] = [
  // %#v of a struct holding pointers prints their addresses (`(*intstr.IntOrString)(0xc000a1b2c0)`).
  { text: /[\w.[\]*]+\{\.\.\.\}/g, check: (f) => /\(0x[0-9a-f]+\)/.test(f) },
  // The go-cmp report ValidatePodUpdate appends after the message.
  { text: / {2}core\.PodSpec\{ \.\.\. \}/g, check: (f) => /core\.PodSpec\{/.test(f) },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether the server's text is the reference's with each stand-in filled as its check requires. */
export function fillsStandIns(reference: string, server: string, which: number): boolean {
  const standin = STANDINS[which]!;
  const parts = reference.split(standin.text);
  if (parts.length === 1) return false;
  const starts = [...reference.matchAll(standin.text)].map((m) => m[0]);
  // A struct dump keeps its type name; the rest of it is whatever the server printed.
  const holes = starts.map((s) =>
    which === 0 ? `${escape(s.slice(0, -"{...}".length))}(\\{[\\s\\S]*?\\})` : "([\\s\\S]*?)",
  );
  const pattern = parts.map(escape).reduce((acc, p, i) => (i === 0 ? p : `${acc}${holes[i - 1]}${p}`), "");
  const m = new RegExp(`^${pattern}$`).exec(server);
  return !!m && m.slice(1).every((f) => standin.check(f));
}

/** Messages alike but for stand-ins, cause by cause (the causes' order is Go map order, random). */
function alikeBut(which: number) {
  return (_c: AdmissionCase, reference: Outcome, server: Outcome, differences: string[]) => {
    if (reference.accepted || server.accepted || !differences.every((d) => d.startsWith("message:")))
      return false;
    if (fillsStandIns(reference.message, server.message, which)) return true;
    const [a, b] = [reference.causes, server.causes];
    if (!a || !b || a.length !== b.length) return false;
    const left = [...b];
    return a.every((cause) => {
      const i = left.findIndex((s) => s === cause || fillsStandIns(cause, s, which));
      return i >= 0 && left.splice(i, 1).length === 1;
    });
  };
}

export const KNOWN_ADMISSION_DIVERGENCES: KnownAdmissionDivergence[] = [
  {
    id: "go-pointer-dump",
    reason:
      "field.Invalid prints a struct value with %#v (apimachinery field/errors.go ErrorBody), and a struct holding pointers prints their memory addresses — PodDisruptionBudgetSpec (policy/validation ValidatePodDisruptionBudgetSpec), DeploymentStrategy with rollingUpdate (apps/validation ValidateDeploymentStrategy), StatefulSetUpdateStrategy, PodTemplateSpec (batch/validation ValidateJobSpecUpdate), CRD versions (apiextensions validation), Quantities held as inf.Dec; the reference prints the type name with {...} and the rest of the message must agree",
    matches: alikeBut(0),
  },
  {
    id: "go-cmp-report",
    reason:
      "ValidatePodUpdate appends cmp.Diff of the old and new internal PodSpecs (core/validation validation.go), and go-cmp deliberately varies its report's spacing from run to run (cmp/report_text.go randBool) so that nobody depends on it; the reference ends the message with a placeholder and the text before it must agree",
    matches: alikeBut(1),
  },
];

export function explainAdmission(
  c: AdmissionCase,
  reference: Outcome,
  server: Outcome,
  differences: string[],
): KnownAdmissionDivergence | undefined {
  return KNOWN_ADMISSION_DIVERGENCES.find((k) => k.matches(c, reference, server, differences));
}
