/** The reference engine's public surface: the facade, its contract types and the helpers the CLI needs. */
export { createEngine } from "./create-engine.js";
export { EngineError } from "./engine.js";
export {
  admitManifests,
  type AdmissionReport,
  type AdmissionSource,
  type AdmitManifestsOptions,
  type AdmittedDocument,
  type ManifestDiagnostic,
} from "./admit-manifests.js";
export type {
  ClusterSpec,
  CorednsStatus,
  DnsExchange,
  DnsQueryRequest,
  Engine,
  EngineOptions,
  ObjectKey,
  Protocol,
} from "./engine.js";
export { createClock, createRng } from "./support/index.js";
export { UpstreamWorld, fitToTransport } from "./dns/index.js";
export type { Clock, Rng, SourceText, UpstreamEntry } from "./support/index.js";
export type * from "./cluster/model.js";
export type { ClusterInfo, ClusterView } from "./cluster/view.js";
export type { DnsMessage, ResourceRecord } from "./dns/index.js";
export {
  encodeMessage,
  decodeMessage,
  makeQuery,
  presentRecord,
  presentLine,
  parseCorefile,
} from "./dns/index.js";
export { serveDns } from "./dns/transport/index.js";
export type { DnsListener, PacketMeta, ServeDnsOptions } from "./dns/transport/index.js";
export type * from "./resolver/index.js";
export type {
  ConnectTarget,
  ConnectRequest,
  Hop,
  ConnectResult,
  ReachRequest,
  ReachTable,
  Endpoint as DatapathEndpoint,
} from "./datapath/index.js";
export { canonicalIp, ipFamily, parseCidr, cidrContains, reverseName, ipFromReverse } from "./net/index.js";
export { formatReachTable, reachToJson } from "./datapath/index.js";
export {
  FAULT_CATALOG,
  FAULT_NAMES,
  FAULT_SIGNATURES,
  faultInfo,
  type FaultInfo,
  type FaultName,
} from "./faults/index.js";
export { adminPolicyCrds, type CrdManifest } from "./cluster/intake/rules/admin-network-policy-crds.js";
