/** The concerns the engine facade (create-engine.ts) wires together, one module each. */
export { ClientResolvers } from "./client-resolvers.js";
export { DatapathCache } from "./datapath-cache.js";
export { DnsDeployment, type DnsDeploymentDeps } from "./dns-deployment.js";
export { guard, guardDatapath } from "./errors.js";
export { ActiveFaults, createFaultHost, type FaultHostDeps } from "./fault-host.js";
export { FaultState } from "./fault-state.js";
export { ObjectEdits } from "./object-edits.js";
export { QueryPath, type QueryPathDeps, type QueryOptions } from "./query-path.js";
export { NetworkOperator } from "./network-operator.js";
