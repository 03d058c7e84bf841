/** The admission differential tester: generated manifests through the engine and a real kube-apiserver. */
export {
  runAdmissionDiff,
  type AdmissionDiffOptions,
  type AdmissionDiffResult,
  type AdmissionDisagreement,
} from "./run.js";
export { RealServer, type RealServerOptions } from "./real-server.js";
export { generateAdmissionCase, FAMILIES } from "./generate.js";
export type { AdmissionCase } from "./case.js";
export { KNOWN_ADMISSION_DIVERGENCES, type KnownAdmissionDivergence } from "./known.js";
export { canonical, compareOutcomes, type Outcome } from "./outcome.js";
