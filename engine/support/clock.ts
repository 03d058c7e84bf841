/**
 * Virtual time. The engine never reads the wall clock: timeouts, TTL countdowns, reload delays and
 * packet-loss retries all advance this clock, which keeps every run deterministic.
 */
export interface Clock {
  /** Milliseconds since the scenario started. */
  now(): number;
  /** Move time forward (never backwards). */
  advance(ms: number): void;
  /** Unix seconds the scenario started at (SOA serials, creationTimestamps). */
  readonly epochSeconds: number;
}

export function createClock(epochSeconds = 1_700_000_000): Clock {
  let t = 0;
  return {
    epochSeconds,
    now: () => t,
    advance(ms: number) {
      if (ms > 0) t += ms;
    },
  };
}
