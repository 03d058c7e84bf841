/**
 * plugin/reload: checks the Corefile every INTERVAL (default 30s) ± JITTER (default 15s) and reloads it
 * when its SHA512 changes (README). The reload itself is driven by the server core; this records the
 * timing. Interval minimum 2s, jitter minimum 1s and at most interval/2 (setup.go).
 */
import type { Plugin, PluginFactory } from "../../plugin.js";
import { durationArg, fail, maxArgs, noBlock } from "../shared/index.js";

export const reloadPlugin = {
  name: "reload",
  setup(d): Plugin & { intervalMs: number; jitterMs: number } {
    maxArgs(d, 2);
    noBlock(d);
    const intervalMs = d.args[0] ? durationArg(d, d.args[0]) : 30_000;
    const jitterMs = d.args[1] ? durationArg(d, d.args[1]) : 15_000;
    if (intervalMs < 2000) fail(d, "interval value must be greater or equal to 2s");
    if (jitterMs < 1000) fail(d, "jitter value must be greater or equal to 1s");
    if (jitterMs > intervalMs / 2) fail(d, "jitter value must be smaller than half of interval");
    return { name: "reload", intervalMs, jitterMs, serve: (req, next) => next(req) };
  },
} satisfies PluginFactory;
