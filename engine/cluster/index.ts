export type * from "./model.js";
export type * from "./view.js";
export { ClusterStore, objectKey, SERVICE_NAME_LABEL } from "./store.js";
export { ClusterRuntime, type RuntimeConfig, type AppliedKey } from "./runtime.js";
export { selectorMatches, mapSelectorMatches } from "./selector.js";
export { toManifest } from "./manifest-form.js";
export { podIsReady } from "./controllers/endpointslice.js";
export { buildProfile, type ProfileSpec, type BuiltProfile } from "./profiles/index.js";
export { setPath, removePath, mergePatch } from "./edits.js";
export { renderOpenShiftCorefile } from "./profiles/openshift-corefile.js";
export { KINDS, causeText, type IntakeResult } from "./intake/index.js";
export { ClusterError } from "./cluster-error.js";
export { openshiftNodeResolverHosts, type NodeHostsLine } from "./profiles/node-resolver.js";
export {
  podResolvConf,
  podHosts,
  podHostname,
  parseNodeResolvConf,
  type KubeletDnsContext,
} from "./kubelet.js";
export {
  probeReadiness,
  declaredPortListens,
  type ProbeListener,
  type ProbeKind,
  type ReadinessVerdict,
} from "./readiness-probe.js";
export {
  changeErrors,
  invalidConfiguration,
  operatorNetworkSpec,
  validateNetworkConfig,
  type NetworkConfig,
} from "./profiles/network-operator.js";
