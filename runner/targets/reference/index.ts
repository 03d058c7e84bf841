/**
 * The reference target — the runner's one door into the built-in engine (DESIGN.md rule 3) — and the
 * node-side view the local target's kubelet stand-in writes into a real API server.
 */
export { createReferenceTarget, ReferenceTarget } from "./reference-target.js";
export { referenceAdmission, clusterSpec, type AdmissionReport } from "./admission.js";
export {
  kubeletView,
  endpointLine,
  type KubeletView,
  type KubeletPod,
  type KubeletNode,
} from "./kubelet-view.js";
