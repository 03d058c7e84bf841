/**
 * The reference target — the runner's one door into the built-in engine (docs/architecture.md, rule
 * 3) — and the shape of the cluster a suite's block describes, which the local target builds for real.
 */
export { createReferenceTarget, ReferenceTarget } from "./reference-target.js";
export { clusterShape, type ClusterShape } from "./cluster-shape.js";
export { referenceAdmission, clusterSpec, type AdmissionReport } from "./admission.js";
/** The fault catalog (docs/faults.md is generated from it), for targets that say what they realise. */
export { FAULT_CATALOG } from "../../../engine/index.js";
/** The ANP/BANP CRDs the engine admits against, for real clusters that lack them. */
export { adminPolicyCrds, type CrdManifest } from "../../../engine/index.js";
export { referenceCorefileServer, type CorefileServer } from "./corefile-server.js";
