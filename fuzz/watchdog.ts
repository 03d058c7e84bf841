/**
 * libFuzzer's `-timeout`: a thread stuck in one input cannot report, so the CLI watches a counter the
 * worker bumps before each execution; when it stops moving for `hangMs`, the CLI reads the input the
 * worker left in shared memory and terminates the thread (Worker.terminate stops running JavaScript,
 * loops included).
 */
import type { Worker } from "node:worker_threads";

/** Shared memory layout: [0] executions, [1] current input length (Int32); the input from byte 8. */
export const SHARED_INPUT_OFFSET = 8;
export const SHARED_INPUT_MAX = 1 << 16;

export function sharedInput(): SharedArrayBuffer {
  return new SharedArrayBuffer(SHARED_INPUT_OFFSET + SHARED_INPUT_MAX);
}

/** Calls `onHang(input)` and terminates the worker when no execution starts for `hangMs`. */
export function watch(
  worker: Worker,
  shared: SharedArrayBuffer,
  hangMs: number,
  onHang: (input: Uint8Array, stuckMs: number) => void,
): () => void {
  const counters = new Int32Array(shared, 0, 2);
  let last = -1;
  let since = performance.now();
  const timer = setInterval(() => {
    const n = Atomics.load(counters, 0);
    if (n !== last) {
      last = n;
      since = performance.now();
      return;
    }
    // Before the first execution the worker is still building its engines and seeds: no hang yet.
    if (n === 0) return;
    const stuck = performance.now() - since;
    if (stuck < hangMs) return;
    clearInterval(timer);
    const len = Atomics.load(counters, 1);
    onHang(new Uint8Array(shared, SHARED_INPUT_OFFSET, len).slice(), stuck);
    void worker.terminate();
  }, 250);
  return () => clearInterval(timer);
}
