/** The CoreDNS `kubernetes` plugin model. */
import { CorefileError } from "../../plugin.js";
import type { PluginFactory, ServerBlock } from "../../plugin.js";
import { KubernetesPlugin } from "./handler.js";
import { parseOptions } from "./options.js";
import { addTransferer } from "../transfer/index.js";

/** Each block's kubernetes plugin (setup.go: plugin.ErrOnce; k8s_external's Handler("kubernetes")). */
const seen = new WeakMap<ServerBlock, KubernetesPlugin>();

/** dnsserver.GetConfig(c).Handler("kubernetes"): the block's kubernetes plugin, once it is set up. */
export function kubernetesOf(block: ServerBlock): KubernetesPlugin | undefined {
  return seen.get(block);
}

export const kubernetesPlugin: PluginFactory = {
  name: "kubernetes",
  setup(directive, block, env) {
    if (seen.has(block)) {
      throw new CorefileError(
        "plugin/kubernetes: this plugin can only be used once per Server Block",
        directive.line,
      );
    }
    const plugin = new KubernetesPlugin(parseOptions(directive, block), env);
    seen.set(block, plugin);
    addTransferer(block, "kubernetes", (zone, serial) => plugin.transfer(zone, serial));
    return plugin;
  },
};

export { KubernetesPlugin } from "./handler.js";
export { parseOptions } from "./options.js";
export type { KubernetesOptions, PodMode } from "./options.js";
export type { ExternalService, ExternalSource } from "./external.js";
