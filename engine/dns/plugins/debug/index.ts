/** plugin/debug: disables panic recovery and logs packets as hex; no effect on answers. */
import type { PluginFactory } from "../../plugin.js";
import { maxArgs, noBlock } from "../shared/index.js";

export const debugPlugin: PluginFactory = {
  name: "debug",
  setup(d) {
    maxArgs(d, 0);
    noBlock(d);
    return { name: "debug", serve: (req, next) => next(req) };
  },
};
