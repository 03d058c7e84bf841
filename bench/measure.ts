import type { ChildProcess } from "node:child_process";
/** Small measuring helpers for the benchmarks: wall time, heap after GC, and a fixed-duration loop. */
import { performance } from "node:perf_hooks";

/** Resolves once a spawned server prints its ready line (stdout or stderr); fails if it exits first. */
export async function started(
  proc: ChildProcess,
  ready: RegExp,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${what} did not start within ${timeoutMs / 1000}s`)),
      timeoutMs,
    );
    const watch = (d: Buffer) => {
      if (ready.test(d.toString())) {
        clearTimeout(timer);
        ok();
      }
    };
    proc.stdout?.on("data", watch);
    proc.stderr?.on("data", watch);
    proc.on("exit", (code) => fail(new Error(`${what} exited with ${code}`)));
  });
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

export function heapMiB(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** Runs `fn` over `items` repeatedly for at least `minMs`, returns operations per second. */
export function throughput<T>(
  items: T[],
  fn: (item: T) => void,
  minMs = 2000,
): { ops: number; perSecond: number } {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const item of items) fn(item);
    ops += items.length;
    elapsed = performance.now() - start;
  }
  return { ops, perSecond: ops / (elapsed / 1000) };
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
