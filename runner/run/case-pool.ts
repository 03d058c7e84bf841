/**
 * Cases of one suite at once on a real target (`--parallel N`): up to N lanes (Target.lane(), each
 * with namespaces of its own) take the next case whose claims (Target.claims()) conflict with no
 * running case's. A case that claims `all` waits for the running ones to end and runs alone, and no
 * later case starts before it (so it is never starved). Each case's events are held and released in
 * plan order, so the output is the same whatever ran first.
 */
import type { PlanCase } from "../../dsl/index.js";
import type { Target, TargetContext } from "../targets/index.js";
import { teardownContext } from "./deadlines.js";
import { messageOf, withTimeout } from "./timeouts.js";

/** A case's claims: `all`, or the shared things it uses. */
export type Claims = "all" | string[];

export interface PoolCase {
  c: PlanCase;
  claims: Claims;
}

/** What running a case in the pool needs: the lane to run it on, and where its events go. */
export type RunOnLane = (c: PlanCase, lane: Target) => Promise<void>;

/** Whether a case with `claims` may start beside cases holding `held` (counts per claim). */
export function compatible(claims: Claims, held: Map<string, number>, running: number): boolean {
  if (running === 0) return true;
  if (claims === "all" || held.has("all")) return false;
  return claims.every((x) => !held.has(x));
}

/**
 * Runs every case with `run` on at most `width` lanes, `first` being one and the others made with
 * `makeLane` when needed (and disposed at the end, also on failure). Stops starting cases once
 * `stopped()`; running ones end on their own (the run's signal reaches them).
 */
export async function runPool(
  cases: PoolCase[],
  width: number,
  first: Target,
  makeLane: () => Target | undefined,
  run: RunOnLane,
  ctx: TargetContext,
  stopped: () => boolean,
): Promise<void> {
  const idle: Target[] = [first];
  const made: Target[] = [];
  const held = new Map<string, number>();
  const pending = [...cases];
  const running = new Set<Promise<void>>();
  const take = (claims: Claims, delta: 1 | -1) => {
    for (const x of claims === "all" ? ["all"] : claims) {
      const n = (held.get(x) ?? 0) + delta;
      if (n > 0) held.set(x, n);
      else held.delete(x);
    }
  };
  try {
    while (pending.length && !stopped()) {
      const k = nextStartable(pending, held, running.size);
      const lane = k < 0 ? undefined : (idle.pop() ?? (made.length + 1 < width ? makeLane() : undefined));
      if (k < 0 || !lane) {
        await Promise.race(running);
        continue;
      }
      if (!made.includes(lane) && lane !== first) made.push(lane);
      const [item] = pending.splice(k, 1);
      take(item!.claims, 1);
      const job: Promise<void> = run(item!.c, lane).finally(() => {
        take(item!.claims, -1);
        idle.push(lane);
        running.delete(job);
      });
      running.add(job);
    }
    await Promise.all(running);
  } finally {
    await Promise.allSettled(running);
    await disposeLanes(made, ctx);
  }
}

/**
 * The first pending case that may start now. A case claiming `all` blocks every later one, so it
 * runs as soon as the running cases end.
 */
function nextStartable(pending: PoolCase[], held: Map<string, number>, running: number): number {
  for (let k = 0; k < pending.length; k++) {
    const p = pending[k]!;
    if (compatible(p.claims, held, running)) return k;
    if (p.claims === "all") return -1;
  }
  return -1;
}

/** Each lane deletes what its last case left (a lane never takes the cluster with it). */
async function disposeLanes(lanes: Target[], ctx: TargetContext): Promise<void> {
  await Promise.all(
    lanes.map((lane) =>
      withTimeout(lane.dispose(teardownContext(ctx)), 120_000, "ending a lane").catch((e: unknown) =>
        ctx.log(`${lane.name}: a lane's last case was not cleaned up: ${messageOf(e)}`),
      ),
    ),
  );
}
