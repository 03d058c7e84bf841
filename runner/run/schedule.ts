/**
 * Scheduling: each (file, target) pair is a unit of work. Units run concurrently up to a limit, but
 * all calls on one Target instance are serialised (a target holds one cluster's state), and events
 * are released in plan order (file, then target) so output is deterministic whatever the scheduling.
 */
import type { PlanSuite } from "../../dsl/index.js";
import type { RunEvent } from "../events.js";
import type { CaseResult } from "../result.js";
import type { Target } from "../targets/index.js";
import { messageOf } from "./timeouts.js";

export interface Unit {
  file: string;
  target: Target;
  suites: PlanSuite[];
  results: CaseResult[];
  /** Emits now when this unit is at the head of plan order, buffers otherwise. */
  push(event: RunEvent): void;
}

interface Slot extends Unit {
  buffered: RunEvent[];
  live: boolean;
}

/** One unit per file × target, in plan order. */
export function unitsOf(
  files: { file: string; suites: PlanSuite[] }[],
  targets: Target[],
  emit: (e: RunEvent) => void,
): Unit[] {
  const slots: Slot[] = [];
  for (const f of files)
    for (const target of targets) {
      const slot: Slot = {
        file: f.file,
        target,
        suites: f.suites,
        results: [],
        buffered: [],
        live: slots.length === 0,
        push: (event) => (slot.live ? emit(event) : slot.buffered.push(event)),
      };
      slots.push(slot);
    }
  return slots;
}

/**
 * Runs every unit with `run`, at most `limit` at once and one at a time per target; a unit that
 * throws is reported in the returned errors and the others go on.
 */
export async function schedule(
  units: Unit[],
  limit: number,
  run: (unit: Unit) => Promise<void>,
  emit: (e: RunEvent) => void,
): Promise<string[]> {
  const slots = units as Slot[];
  const errors: string[] = [];
  const locks = new Map<Target, Promise<void>>();
  const finished = new Array<boolean>(slots.length).fill(false);
  let next = 0;
  let released = 0;
  const flush = () => {
    while (released < slots.length && finished[released]) {
      const head = slots[++released];
      if (!head) break;
      for (const e of head.buffered) emit(e);
      head.buffered = [];
      head.live = true;
    }
  };
  const worker = async () => {
    while (next < slots.length) {
      const k = next++;
      const unit = slots[k]!;
      const mine = (locks.get(unit.target) ?? Promise.resolve()).then(() => run(unit));
      locks.set(
        unit.target,
        mine.catch(() => {}),
      );
      try {
        await mine;
      } catch (error) {
        errors.push(`internal error running ${unit.file} on ${unit.target.name}: ${messageOf(error)}`);
      }
      finished[k] = true;
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), slots.length) }, worker));
  return errors;
}
