/** Events the runner emits for reporters, always in plan order. */
import type { CaseResult, RunResult, StepRecord } from "./result.js";

export type RunEvent =
  | { type: "run-start"; files: string[]; targets: string[]; totalCases: number; seed: number }
  | { type: "file-start"; file: string; target: string }
  | { type: "case-start"; id: string; name: string; suite: string; file: string; target: string }
  | { type: "step-end"; caseId: string; target: string; step: StepRecord }
  | { type: "case-end"; result: CaseResult }
  | { type: "file-end"; file: string; target: string; results: CaseResult[] }
  | { type: "run-end"; result: RunResult };

/** A reporter listens to events; `finish` writes files at the end (after run-end). */
export interface Reporter {
  readonly name: string;
  onEvent?(event: RunEvent): void;
  finish?(result: RunResult): Promise<void> | void;
}
