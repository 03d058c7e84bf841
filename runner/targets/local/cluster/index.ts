/**
 * The real local cluster: control plane, nodes in network namespaces of their own (containerd,
 * kubelet, kube-proxy), bridge + host-local pod networking, CoreDNS as a Deployment, every resource
 * journaled and removed on stop, failure, Ctrl-C or after a crash (cleanJournal).
 */
export { startCluster, ClusterStartError, type ClusterHandle, type ClusterNode } from "./cluster.js";
export { cleanJournal } from "./cleanup.js";
export { cleanLeftovers, journalsUnder, ownerAlive, type Leftover } from "./leftovers.js";
export { readJournal, type JournalEntry } from "./journal.js";
export {
  planCluster,
  ClusterSpecError,
  MAX_LOCAL_NODES,
  inCidr,
  type ClusterSpec,
  type ClusterPlan,
  type ProxyMode,
} from "./spec.js";
export { kubeadmCorefile } from "./coredns-addon.js";
export { mcsApiObjects, usesMulticluster } from "./mcs-api.js";
export { inNetns, run } from "./network.js";
