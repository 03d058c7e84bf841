/**
 * plugin/cancel (`cancel [TIMEOUT]`, default 5001ms): cancels the request context after TIMEOUT. In the
 * model a downstream result whose virtual elapsed time exceeds TIMEOUT is turned into a drop, which is
 * what a client sees when the context is cancelled before anything is written (code reading).
 */
import type { PluginFactory } from "../../plugin.js";
import { durationArg, fail, maxArgs, noBlock } from "../shared/index.js";

export const cancelPlugin: PluginFactory = {
  name: "cancel",
  setup(d) {
    maxArgs(d, 1);
    noBlock(d);
    const timeoutMs = d.args[0] ? durationArg(d, d.args[0]) : 5001;
    if (timeoutMs <= 0) fail(d, "timeout must be positive");
    return {
      name: "cancel",
      serve(req, next) {
        const r = next(req);
        if ((r.elapsedMs ?? 0) > timeoutMs) {
          return {
            kind: "drop",
            by: "cancel",
            elapsedMs: timeoutMs,
            notes: [`context cancelled after ${timeoutMs}ms`],
          };
        }
        return r;
      },
    };
  },
};
