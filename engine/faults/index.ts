/** Faults: what they mean (catalog) and how the reference engine applies them (inject via FaultHost). */
export { FAULT_CATALOG, faultInfo, type FaultInfo } from "./catalog.js";
export type { FaultHost, UpstreamBehaviour } from "./host.js";
export { inject, FaultError, FAULT_NAMES, type FaultArgument } from "./inject.js";
