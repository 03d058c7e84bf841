/** The run's results: plain data that every reporter renders. */
import type { Span, Step } from "../dsl/index.js";
import type { AddressOwner, Observation } from "./observation.js";
import type { Verdict } from "./expectations/index.js";

export type CaseStatus = "passed" | "failed" | "errored" | "skipped";

export interface StepRecord {
  span: Span;
  type: Step["type"];
  durationMs: number;
  observation?: Observation;
  verdicts?: Verdict[];
  /** The known divergence that applied to this expectation, if any. */
  divergence?: { target: string; reason: string; skip: boolean };
  /** How many times the expectation was observed (polls under `within`), when more than once. */
  polls?: number;
}

export interface CaseResult {
  id: string;
  name: string;
  suite: string;
  file: string;
  span: Span;
  /** Suite tags plus the test's own. */
  tags?: string[];
  target: string;
  /** The target's parameters when the case ended (e.g. the local cluster's `cni`). */
  params?: Record<string, string>;
  status: CaseStatus;
  durationMs: number;
  steps: StepRecord[];
  /** Why it failed, errored or was skipped. */
  message?: string;
  /** Where to point at for the message. */
  messageSpan?: Span;
  /** The stable code of an error or skip (`manifest/invalid`, `target/unsupported`, `run/timeout`…). */
  code?: string;
  /** Engine reasons gathered from the failing observation. */
  reasons: string[];
  /** Faults active when the case failed or errored (they were healed afterwards). */
  activeFaults?: string[];
  /** Earlier attempts of a case that was retried (`--retries`), oldest first, each with its outcome. */
  retries?: { status: CaseStatus; message?: string; durationMs: number }[];
  /** Real targets: what a person would look at, collected right after the failure (events, logs…). */
  evidence?: { title: string; text: string }[];
  /** Passed only after failing or erroring at least once (`--retries`): reported, never hidden. */
  flaky?: boolean;
  /**
   * Runs over several targets: who owned which address when the case's steps ended (Target.addresses),
   * so the parity table compares the objects behind addresses, not the addresses.
   */
  addresses?: AddressOwner[];
}

export interface RunSummary {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface RunResult {
  seed: number;
  targets: string[];
  cases: CaseResult[];
  /** Per target, in target order. */
  summaries: Record<string, RunSummary>;
  durationMs: number;
  /** True when the run was interrupted (Ctrl-C) or stopped by --bail. */
  aborted: boolean;
  /** Failures outside any case (target prepare/dispose). */
  errors: string[];
  /** With several targets: per test, whether they agree (runner/parity), and the counts. */
  parity?: ParityRow[];
  paritySummary?: ParitySummary;
}

export function summarize(cases: CaseResult[]): RunSummary {
  const s: RunSummary = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const c of cases) s[c.status]++;
  return s;
}

/** The parity table of a multi-target run (computed by runner/parity). */
export type ParityVerdict = "agree" | "disagree" | "known-divergence" | "not-comparable";

export interface ParityCell {
  status: CaseStatus;
  /** Why it failed, errored or was skipped. */
  message?: string;
  /** The known divergence that applied on this target, if any. */
  divergence?: string;
  /** The target's parameters for this case (which CNI / NetworkPolicy implementation answered). */
  params?: Record<string, string>;
}

export interface ParityDifference {
  /** 1-based index of the expectation in the test (its line in the spec). */
  expectation: number;
  line: number;
  /** target → its observation of that expectation. */
  observations: Record<string, Observation>;
  /** What differs, as text. */
  differences: string[];
}

export interface ParityRow {
  file: string;
  suite: string;
  test: string;
  cells: Record<string, ParityCell>;
  /** target → status (kept for readers of the earlier shape). */
  statuses: Record<string, CaseStatus>;
  /** target → the known divergence annotation that applied there. */
  divergences: Record<string, string>;
  verdict: ParityVerdict;
  /** True only for `agree`. */
  agree: boolean;
  differences: ParityDifference[];
}

export interface ParitySummary {
  agree: number;
  disagree: number;
  knownDivergence: number;
  notComparable: number;
}
