/**
 * The full result tree as JSON (with the parity table when several targets ran). Deterministic:
 * durations are dropped unless `timings` is set.
 */
import type { RunResult } from "../runner/index.js";

export function renderJson(result: RunResult, options: { timings?: boolean } = {}): string {
  const drop = new Set(options.timings ? [] : ["durationMs", "elapsedMs"]);
  return `${JSON.stringify(result, (key, value: unknown) => (drop.has(key) ? undefined : value), 2)}\n`;
}
