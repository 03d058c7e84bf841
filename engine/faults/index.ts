/** Faults: what they mean (catalog) and how the reference engine applies them (inject via FaultHost). */
export {
  FAULT_CATALOG,
  FAULT_NAMES,
  FAULT_SIGNATURES,
  faultInfo,
  type FaultInfo,
  type FaultName,
} from "./catalog.js";
export type { FaultHost, UpstreamBehaviour } from "./host.js";
export { inject, FaultError, type FaultArgument } from "./inject.js";
