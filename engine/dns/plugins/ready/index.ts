/**
 * plugin/ready: HTTP :8181/ready answers 200 once every plugin that reports readiness is ready. The
 * server core asks each plugin's `ready()`; this plugin only records the address and passes queries.
 */
import type { Plugin, PluginFactory } from "../../plugin.js";
import { maxArgs, noBlock } from "../shared/index.js";

export const readyPlugin = {
  name: "ready",
  setup(d): Plugin & { address: string } {
    maxArgs(d, 1);
    noBlock(d);
    return { name: "ready", address: d.args[0] ?? ":8181", serve: (req, next) => next(req) };
  },
} satisfies PluginFactory;
