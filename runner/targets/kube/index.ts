/** The real targets (kind, existing clusters) and what they share: kubectl over a command seam. */
export { KubeTarget, type KubeTargetOptions } from "./kube-target.js";
export {
  execaRunner,
  printingRunner,
  scriptedRunner,
  shellQuote,
  type CommandRunner,
  type CommandResult,
} from "./commands.js";
export { DEFAULT_NODE_PORT_RANGE, kindConfig, kindNodeNames, kindServiceCidrs } from "./kind-config.js";
export { parseDig } from "./dig-output.js";
export {
  kindNodeNameMap,
  kindNodes,
  type NodeNameMap,
  type ProfileNode,
  type Twinless,
} from "./node-names.js";
export { pauseProbePod } from "./probe-pod.js";
export { NamespaceMap } from "./namespaces.js";
export { Namespaced } from "./namespaced.js";
export { Kubectl, commandFailed, type KubectlCall, type PodExec, type KubectlShortcut } from "./kubectl.js";
export { parseHosts, parseResolvConf } from "./observe/index.js";
export type {
  DatapathView,
  ConnectionQuestion,
  OutsideConnection,
  OutsideNetwork,
  PolicyView,
} from "./observe/index.js";
export { existingContext, type ClusterAccess, type ClusterProvider } from "./clusters.js";
export { KindClusters, kindSuiteSkip } from "./kind-clusters.js";
export { REAL_FAULTS, UNREALISED_FAULTS } from "./real-faults.js";
export { parseManifests, stringifyManifest } from "./yaml11.js";
export { cleanKubeJournals, type KubeLeftover } from "./run-journal.js";
