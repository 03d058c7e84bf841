/**
 * Every plugin factory of the CoreDNS model. The server core builds each block's chain from these in
 * plugin.cfg order (order.ts), whatever order the Corefile lists them in.
 */
import type { PluginFactory } from "../plugin.js";
import { anyPlugin } from "./any/index.js";
import { autopathPlugin } from "./autopath/index.js";
import { bufsizePlugin } from "./bufsize/index.js";
import { cachePlugin } from "./cache/index.js";
import { cancelPlugin } from "./cancel/index.js";
import { chaosPlugin } from "./chaos/index.js";
import { debugPlugin } from "./debug/index.js";
import { errorsPlugin } from "./errors/index.js";
import { forwardPlugin } from "./forward/index.js";
import { healthPlugin } from "./health/index.js";
import { hostsPlugin } from "./hosts/index.js";
import { loadbalancePlugin } from "./loadbalance/index.js";
import { localPlugin } from "./local/index.js";
import { logPlugin } from "./log/index.js";
import { loopPlugin } from "./loop/index.js";
import { minimalPlugin } from "./minimal/index.js";
import { prometheusPlugin } from "./prometheus/index.js";
import { readyPlugin } from "./ready/index.js";
import { reloadPlugin } from "./reload/index.js";
import { templatePlugin } from "./template/index.js";
import { rewritePlugin } from "./rewrite/index.js";
import { whoamiPlugin } from "./whoami/index.js";
import { kubernetesPlugin } from "./kubernetes/index.js";
import { aclPlugin } from "./acl/index.js";
import { bindPlugin } from "./bind/index.js";
import { dns64Plugin } from "./dns64/index.js";
import { headerPlugin } from "./header/index.js";
import { k8sExternalPlugin } from "./k8s_external/index.js";
import { metadataPlugin } from "./metadata/index.js";
import { nsidPlugin } from "./nsid/index.js";
import { timeoutsPlugin } from "./timeouts/index.js";
import { filePlugin } from "./file/index.js";
import { transferPlugin } from "./transfer/index.js";
import { viewPlugin } from "./view/index.js";

export const pluginFactories: PluginFactory[] = [
  anyPlugin,
  autopathPlugin,
  bufsizePlugin,
  cachePlugin,
  cancelPlugin,
  chaosPlugin,
  debugPlugin,
  errorsPlugin,
  forwardPlugin,
  healthPlugin,
  hostsPlugin,
  loadbalancePlugin,
  localPlugin,
  logPlugin,
  loopPlugin,
  minimalPlugin,
  prometheusPlugin,
  readyPlugin,
  reloadPlugin,
  templatePlugin,
  rewritePlugin,
  whoamiPlugin,
  kubernetesPlugin,
  aclPlugin,
  bindPlugin,
  dns64Plugin,
  headerPlugin,
  k8sExternalPlugin,
  metadataPlugin,
  nsidPlugin,
  timeoutsPlugin,
  filePlugin,
  transferPlugin,
  viewPlugin,
];

export {
  upstreamNetFor,
  upstreamFaultsFor,
  UpstreamNet,
  UpstreamFaults,
  UpstreamWorld,
  fitToTransport,
} from "./forward/index.js";
export type { AddressFault, UpstreamAddr } from "./forward/index.js";
export {
  anyPlugin,
  autopathPlugin,
  bufsizePlugin,
  cachePlugin,
  cancelPlugin,
  chaosPlugin,
  debugPlugin,
  errorsPlugin,
  forwardPlugin,
  healthPlugin,
  hostsPlugin,
  loadbalancePlugin,
  localPlugin,
  logPlugin,
  loopPlugin,
  minimalPlugin,
  prometheusPlugin,
  readyPlugin,
  reloadPlugin,
  templatePlugin,
  rewritePlugin,
  whoamiPlugin,
  aclPlugin,
  bindPlugin,
  dns64Plugin,
  headerPlugin,
  k8sExternalPlugin,
  metadataPlugin,
  nsidPlugin,
  timeoutsPlugin,
  filePlugin,
  transferPlugin,
  viewPlugin,
};
