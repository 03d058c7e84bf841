/**
 * plugin/health: an HTTP endpoint (default :8080) answering 200 "OK"; `lameduck D` delays shutdown.
 * It never touches DNS queries, so the model only validates the syntax and exposes the settings.
 */
import type { Plugin, PluginFactory } from "../../plugin.js";
import { durationArg, exactArgs, maxArgs, unknownOption } from "../shared/index.js";

export interface HealthPlugin extends Plugin {
  readonly address: string;
  readonly lameduckMs: number;
}

export const healthPlugin = {
  name: "health",
  setup(d): HealthPlugin {
    maxArgs(d, 1);
    let lameduckMs = 0;
    for (const o of d.block) {
      if (o.name !== "lameduck") unknownOption("health", o);
      exactArgs(o, 1, "health");
      lameduckMs = durationArg(o, o.args[0]!, "health");
    }
    return { name: "health", address: d.args[0] ?? ":8080", lameduckMs, serve: (req, next) => next(req) };
  },
} satisfies PluginFactory;
