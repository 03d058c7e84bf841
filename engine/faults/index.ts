/** Faults: what they mean (catalog) and how the reference engine applies them (inject via FaultHost). */
export * from "./catalog.js";
export type { FaultHost, UpstreamBehaviour } from "./host.js";
export { inject, FaultError, type FaultArgument } from "./inject.js";
