export { runPlan, type RunOptions } from "./run-plan.js";
export { selectCases, parseShard, type CaseFilter } from "./filter.js";
export {
  summarize,
  type CaseResult,
  type CaseStatus,
  type RunResult,
  type RunSummary,
  type StepRecord,
  type ParityCell,
  type ParityDifference,
  type ParityRow,
  type ParitySummary,
  type ParityVerdict,
} from "./result.js";
export type { RunEvent, Reporter } from "./events.js";
export {
  evaluateMatcher,
  describeMatcher,
  judgeReach,
  SUBJECT_NAMES,
  type Verdict,
  type ValueResolver,
} from "./expectations/index.js";
export * from "./targets/index.js";
export type * from "./observation.js";
export {
  runDiff,
  runAdmissionDiff,
  RealServer,
  KNOWN_ADMISSION_DIVERGENCES,
  type DiffResult,
  type Disagreement,
  type AdmissionDiffResult,
  type AdmissionDisagreement,
  runCorefileDiff,
  generateCorefileCase,
  type CorefileDiffResult,
  type CorefileDisagreement,
} from "./difftest/index.js";
export { compareObservations } from "./parity/index.js";
export { portabilityWarnings, realTarget, REAL_TARGETS, type RealTarget } from "./portability/index.js";
