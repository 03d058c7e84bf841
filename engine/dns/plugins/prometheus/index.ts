/** plugin/prometheus (`prometheus [ADDRESS]`, default localhost:9153): metrics only, queries pass. */
import type { Plugin, PluginFactory } from "../../plugin.js";
import { maxArgs, noBlock } from "../shared/index.js";

export const prometheusPlugin = {
  name: "prometheus",
  setup(d): Plugin & { address: string } {
    maxArgs(d, 1);
    noBlock(d);
    return { name: "prometheus", address: d.args[0] ?? "localhost:9153", serve: (req, next) => next(req) };
  },
} satisfies PluginFactory;
