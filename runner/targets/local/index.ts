/** The local target: a real control plane and CoreDNS built from Go modules, and its toolchain. */
export {
  buildComponents,
  DEFAULT_COREDNS_VERSION,
  ETCD_VERSION,
  KUBERNETES_VERSION,
  type BuildHost,
  type BuildOptions,
} from "./build.js";
export { cacheDir, localBinaries, packageRoot } from "./binaries.js";
export { LocalTarget, type LocalTargetOptions } from "./local-target.js";
export { ControlPlane, type ControlPlaneOptions } from "./control-plane.js";
export { cleanLeftovers, type Leftover } from "./cluster/index.js";
export { localSuiteSkip } from "./suite-support.js";
export { connectOutside, serveOutside } from "./outside-process.js";
export { LOCAL_UNREALISED } from "./faults.js";
