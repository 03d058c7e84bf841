/**
 * plugin/reload (CoreDNS 1.14.7 plugin/reload/setup.go, reload.go): `reload [INTERVAL [JITTER]]`
 * (defaults 30s and 15s). setup draws the check period once: INTERVAL plus a uniform jitter in
 * [-JITTER/2, JITTER/2), JITTER first clamped to INTERVAL/2 (no error); the hook's ticker then
 * compares the Corefile's SHA512 every period and restarts on the first tick that sees a change.
 * Interval minimum 2s; jitter 0 (no jitter) or at least 1s. The reload itself is driven by the
 * deployment model (engine/facade/dns-deployment.ts), which asks `reloadPeriodMs` for the delay.
 */
import type { Rng } from "../../../support/index.js";
import type { Directive, Plugin, PluginFactory } from "../../plugin.js";
import { argErr, fail, noBlock, parseDuration } from "../shared/index.js";

export interface ReloadTiming {
  intervalMs: number;
  /** After the clamp to interval/2; 0 = no jitter. */
  jitterMs: number;
}

/** time.ParseDuration, failing with Go's words (setup.go returns its error as is). */
function goDuration(d: Directive, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) fail(d, `time: invalid duration "${text}"`);
  return ms;
}

/** setup.go: arguments, minimums and the jitter clamp. */
export function reloadTiming(d: Directive): ReloadTiming {
  if (d.args.length > 2) argErr(d);
  noBlock(d);
  const intervalMs = d.args[0] ? goDuration(d, d.args[0]) : 30_000;
  if (intervalMs < 2000) fail(d, "interval value must be greater or equal to 2s");
  let jitterMs = d.args[1] ? goDuration(d, d.args[1]) : 15_000;
  if (jitterMs !== 0 && jitterMs < 1000) fail(d, "jitter value must be 0 or greater or equal to 1s");
  if (jitterMs > intervalMs / 2) jitterMs = intervalMs / 2;
  return { intervalMs, jitterMs };
}

/** The ticker period setup.go draws: interval + rand.Int63n(jitter) − jitter/2. */
export function reloadPeriodMs(t: ReloadTiming, rng: Rng): number {
  if (t.jitterMs <= 0) return t.intervalMs;
  return t.intervalMs + rng.int(t.jitterMs) - t.jitterMs / 2;
}

export const reloadPlugin = {
  name: "reload",
  setup(d): Plugin & ReloadTiming {
    return { name: "reload", ...reloadTiming(d), serve: (req, next) => next(req) };
  },
} satisfies PluginFactory;
