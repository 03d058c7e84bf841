/**
 * Eventual assertions: an expectation is observed and judged again until it holds or its `within`
 * deadline passes, keeping the last mismatch (the way chainsaw and kuttl asserts work). On a target
 * with virtual time the clock is stepped exactly by the interval (deterministic: the same seed polls
 * the same way); on a real cluster the interval backs off from 250 ms to 2 s.
 */

/** The pauses between polls within `withinMs`: 1 s steps on virtual time, 250 ms doubling to 2 s otherwise. */
export function pollIntervals(withinMs: number, virtualTime: boolean): number[] {
  const out: number[] = [];
  let spent = 0;
  let next = virtualTime ? 1000 : 250;
  while (spent < withinMs) {
    const step = Math.min(next, withinMs - spent);
    out.push(step);
    spent += step;
    if (!virtualTime) next = Math.min(next * 2, 2000);
  }
  return out;
}
