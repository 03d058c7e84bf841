/**
 * The full result tree as JSON, plus the parity table when several targets ran. Deterministic:
 * durations are dropped unless `timings` is set.
 */
import type { RunResult } from "../runner/index.js";
import { parityTable } from "./parity.js";

export function renderJson(result: RunResult, options: { timings?: boolean } = {}): string {
  const drop = new Set(options.timings ? [] : ["durationMs", "elapsedMs"]);
  const doc = result.targets.length > 1 ? { ...result, parity: parityTable(result) } : result;
  return `${JSON.stringify(doc, (key, value: unknown) => (drop.has(key) ? undefined : value), 2)}\n`;
}
