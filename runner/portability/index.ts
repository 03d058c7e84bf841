/** `netspec check --target`: what a spec pins that a real target cannot honour (check-plan.ts). */
export { portabilityWarnings } from "./check-plan.js";
export { realTarget, REAL_TARGETS, type RealTarget, type KnownNodes } from "./real-targets.js";
