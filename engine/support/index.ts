export type { Clock } from "./clock.js";
export { createClock } from "./clock.js";
export type { Rng } from "./rng.js";
export { createRng } from "./rng.js";
export type { SourceText, UpstreamEntry } from "./types.js";
