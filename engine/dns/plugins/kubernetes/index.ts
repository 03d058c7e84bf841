/** The CoreDNS `kubernetes` plugin model. */
import { CorefileError } from "../../plugin.js";
import type { PluginFactory, ServerBlock } from "../../plugin.js";
import { KubernetesPlugin } from "./handler.js";
import { parseOptions } from "./options.js";

/** Blocks that already have a kubernetes plugin (setup.go: plugin.ErrOnce). */
const seen = new WeakSet<ServerBlock>();

export const kubernetesPlugin: PluginFactory = {
  name: "kubernetes",
  setup(directive, block, env) {
    if (seen.has(block)) {
      throw new CorefileError(
        "plugin/kubernetes: this plugin can only be used once per Server Block",
        directive.line,
      );
    }
    seen.add(block);
    return new KubernetesPlugin(parseOptions(directive, block), env);
  },
};

export { KubernetesPlugin } from "./handler.js";
export { parseOptions } from "./options.js";
export type { KubernetesOptions, PodMode } from "./options.js";
