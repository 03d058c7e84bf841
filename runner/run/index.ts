/** The pieces of a run: scheduling, one unit's suites and cases, steps, expectations, teardown. */
export { runUnit } from "./run-unit.js";
export { schedule, unitsOf, type Unit } from "./schedule.js";
export { Prepared } from "./teardown.js";
export { messageOf } from "./timeouts.js";
export type { RunOptions } from "./options.js";
export { divergenceApplies, unobservable } from "./run-expect.js";
export { unrealised } from "./steps.js";
