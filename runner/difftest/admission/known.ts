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

export const KNOWN_ADMISSION_DIVERGENCES: KnownAdmissionDivergence[] = [];

export function explainAdmission(
  c: AdmissionCase,
  reference: Outcome,
  server: Outcome,
  differences: string[],
): KnownAdmissionDivergence | undefined {
  return KNOWN_ADMISSION_DIVERGENCES.find((k) => k.matches(c, reference, server, differences));
}
