/**
 * The engine pieces other targets borrow through the reference target's door (DESIGN.md rule 3): the
 * DNS observation shape, a wire client over the engine's codec, the modelled upstream served over real
 * DNS, and the cluster state a kubelet would report (for the local target, which has no kubelet).
 */
export { dnsObservation } from "./dns-observation.js";
export { queryServer, summarize, type WireQuery } from "./wire-client.js";
export { serveUpstream, type NameMapping, type UpstreamRecordText } from "./upstream-server.js";
export {
  kubeletView,
  endpointLine,
  type KubeletView,
  type KubeletPod,
  type KubeletNode,
} from "./kubelet-view.js";
