/**
 * The fuzz worker: runs one session and reports progress and the result to the CLI. Before every
 * execution it copies the input into shared memory and bumps a counter, so the CLI's watchdog can
 * name the input of a hang after terminating this thread (a hung thread cannot report anything).
 */
import { parentPort, workerData } from "node:worker_threads";
import { fuzzSession } from "./session.js";
import { SHARED_INPUT_OFFSET } from "./watchdog.js";
import { targetNamed } from "./targets/index.js";

export interface WorkerInput {
  target: string;
  root: string;
  seed: number;
  runs?: number;
  timeMs?: number;
  slowMs: number;
  /** [0] executions so far, [1] length of the current input; its bytes start at byte 8. */
  shared: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const target = targetNamed(input.target)!;
const counters = new Int32Array(input.shared, 0, 2);
const bytes = new Uint8Array(input.shared, SHARED_INPUT_OFFSET);

const result = fuzzSession(target, input.root, {
  seed: input.seed,
  ...(input.runs !== undefined ? { runs: input.runs } : {}),
  ...(input.timeMs !== undefined ? { timeMs: input.timeMs } : {}),
  slowMs: input.slowMs,
  beforeRun(data) {
    const n = Math.min(data.length, bytes.length);
    bytes.set(data.subarray(0, n));
    Atomics.store(counters, 1, n);
    Atomics.add(counters, 0, 1);
  },
  onProgress: (s) => parentPort!.postMessage({ type: "progress", stats: s }),
  onFinding: (f) => parentPort!.postMessage({ type: "finding", finding: f }),
});
parentPort!.postMessage({ type: "done", result });
