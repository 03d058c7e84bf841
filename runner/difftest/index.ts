/** The differential tester: generated DNS scenarios run on two targets, disagreements reproduced. */
export { runDiff, type DiffOptions, type DiffResult, type Disagreement } from "./difftest.js";
export { generate, type Scenario, type Query } from "./generate.js";
export { compareDns } from "../parity/index.js";
export { KNOWN_DIVERGENCES, explain, type KnownDivergence } from "./known.js";
export {
  runAdmissionDiff,
  RealServer,
  generateAdmissionCase,
  KNOWN_ADMISSION_DIVERGENCES,
  type AdmissionDiffResult,
  type AdmissionDisagreement,
} from "./admission/index.js";
export {
  generateCorefileCase,
  runCorefileDiff,
  corefileReproduction,
  type CorefileCase,
  type CorefileDiffResult,
  type CorefileDisagreement,
} from "./corefiles/index.js";
