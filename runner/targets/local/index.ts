/** The local target's toolchain: building the real control plane and CoreDNS from Go modules. */
export {
  buildComponents,
  DEFAULT_COREDNS_VERSION,
  ETCD_VERSION,
  KUBERNETES_VERSION,
  type BuildHost,
  type BuildOptions,
} from "./build.js";
