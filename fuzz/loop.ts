/**
 * The coverage-guided loop, after libFuzzer's (llvm-project compiler-rt/lib/fuzzer/FuzzerLoop.cpp):
 * run the seeds, keep those that reach new blocks, then repeatedly pick a corpus entry, mutate it,
 * run the mutant, and keep it when it reaches a block no earlier input reached.
 *
 * Taking V8 coverage costs milliseconds, so for fast targets it is taken per batch of inputs: the
 * batch is sized from the measured costs so that taking coverage stays near a tenth of the time (one
 * input per take for the `.netspec` front end, hundreds for the DNS path); a batch that reached a new
 * block is bisected by replaying halves until the inputs that reach it are found and kept. Exceptions and
 * broken invariants are findings, deduplicated by signature (the smallest input of each is kept); the
 * loop goes on after them like libFuzzer's `-fork` mode with `-ignore_crashes`.
 */
import { createRng } from "../engine/index.js";
import { mutate } from "./mutate.js";
import { findingFor, utf8, type Finding, type FuzzRunner, type FuzzTarget } from "./target.js";

/** What the loop needs from coverage (V8Coverage; a fake in tests). */
export interface CoverageSource {
  take(): Set<string>;
}

export interface LoopOptions {
  seed: number;
  /** Stop after this many executions (seeds included). */
  runs?: number;
  /** Stop after this much wall time. */
  timeMs?: number;
  /** An input slower than this is a finding of kind "slow". */
  slowMs?: number;
  /** Called before each execution (the watchdog records the input it may have to report). */
  beforeRun?: (data: Uint8Array) => void;
  /** Called about once a second. */
  onProgress?: (s: LoopStats) => void;
  /** Monotonic milliseconds (performance.now by default; injected by tests). */
  now?: () => number;
}

export interface LoopStats {
  execs: number;
  corpus: number;
  features: number;
  findings: number;
  elapsedMs: number;
  /** The slowest single execution. */
  slowestMs: number;
}

export interface LoopResult extends Omit<LoopStats, "findings"> {
  findings: Finding[];
  /** Corpus entries the loop added beyond the seeds that earned their place. */
  added: Uint8Array[];
  /** Byte length of the largest input executed. */
  largest: number;
}

const MAX_BATCH = 512;
/** Coverage takes may cost this share of the time spent executing inputs. */
const TAKE_SHARE = 0.1;

export function runLoop(
  target: FuzzTarget,
  runner: FuzzRunner,
  seeds: Uint8Array[],
  coverage: CoverageSource,
  opts: LoopOptions,
): LoopResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const rng = createRng(opts.seed);
  const global = new Set<string>();
  const corpus: Uint8Array[] = [];
  const added: Uint8Array[] = [];
  const findings = new Map<string, Finding>();
  const dictionary = target.dictionary.map((w) => new TextEncoder().encode(w));
  let execs = 0;
  let slowestMs = 0;
  let largest = 0;
  let lastProgress = t0;

  const stats = (): LoopStats => ({
    execs,
    corpus: corpus.length,
    features: global.size,
    findings: findings.size,
    elapsedMs: now() - t0,
    slowestMs,
  });
  const done = () =>
    (opts.runs !== undefined && execs >= opts.runs) ||
    (opts.timeMs !== undefined && now() - t0 >= opts.timeMs);

  const exec = (data: Uint8Array): void => {
    opts.beforeRun?.(data);
    execs++;
    largest = Math.max(largest, data.length);
    const start = now();
    try {
      runner.run(data);
    } catch (e) {
      record(findingFor(e, data));
    }
    const ms = now() - start;
    execMs += ms;
    slowestMs = Math.max(slowestMs, ms);
    if (opts.slowMs !== undefined && ms > opts.slowMs) {
      record({
        kind: "slow",
        signature: "slow input",
        message: `one execution took ${ms.toFixed(0)} ms (limit ${opts.slowMs} ms)`,
        stack: "",
        input: data,
      });
    }
    if (opts.onProgress && now() - lastProgress >= 1000) {
      lastProgress = now();
      opts.onProgress(stats());
    }
  };
  const record = (f: Finding) => {
    const old = findings.get(f.signature);
    if (!old || f.input.length < old.input.length) findings.set(f.signature, f);
  };
  /** Keep `data` if the coverage it produced has blocks not seen before. */
  const keepIfNew = (data: Uint8Array, hit: Set<string>): boolean => {
    let fresh = false;
    for (const k of hit) {
      if (!global.has(k)) {
        global.add(k);
        fresh = true;
      }
    }
    if (fresh) corpus.push(data);
    return fresh;
  };

  /**
   * Find the inputs of a batch that reach the `fresh` blocks by bisection (replay half, take
   * coverage, recurse into the halves that reach any), so a batch of 512 costs about 2·log2(512)
   * coverage takes instead of 512.
   */
  const explain = (batch: Uint8Array[], fresh: Set<string>): void => {
    const reaches = (part: Uint8Array[]): Set<string> => {
      for (const b of part) exec(b);
      const hit = take();
      return new Set([...fresh].filter((k) => hit.has(k)));
    };
    const walk = (part: Uint8Array[], wanted: Set<string>): void => {
      if (wanted.size === 0 || done()) return;
      if (part.length === 1) {
        exec(part[0]!);
        keepIfNew(part[0]!, take());
        return;
      }
      const left = part.slice(0, part.length >> 1);
      const inLeft = reaches(left);
      walk(left, inLeft);
      walk(part.slice(left.length), new Set([...wanted].filter((k) => !inLeft.has(k) && !global.has(k))));
    };
    walk(batch, fresh);
    // What no replay reproduced (state-dependent paths) still counts as seen.
    for (const k of fresh) global.add(k);
  };

  let takeMs = 0;
  let takes = 0;
  let execMs = 0;
  const take = (): Set<string> => {
    const start = now();
    const hit = coverage.take();
    takeMs += now() - start;
    takes++;
    return hit;
  };
  /** The batch that keeps coverage at TAKE_SHARE of the time: 1 for slow targets, hundreds for fast ones. */
  const batchSize = () => {
    const perTake = takeMs / Math.max(1, takes);
    const perExec = execMs / Math.max(1, execs);
    return Math.max(1, Math.min(MAX_BATCH, Math.round(perTake / (TAKE_SHARE * Math.max(perExec, 1e-3)))));
  };

  take();
  for (const s of seeds) {
    if (done()) break;
    exec(s);
    keepIfNew(s, take());
  }
  if (corpus.length === 0) corpus.push(seeds[0] ?? new Uint8Array(0));
  const seedCount = corpus.length;

  const ctx = {
    rng,
    maxLen: target.maxLen,
    dictionary,
    text: target.text,
    other: () => corpus[rng.int(corpus.length)]!,
  };
  while (!done()) {
    const batch: Uint8Array[] = [];
    const size = batchSize();
    for (let i = 0; i < size && !done(); i++) {
      // Favour recent entries (they reached the newest blocks) half of the time.
      const recent = Math.max(1, Math.floor(corpus.length / 8));
      const parent =
        rng.next() < 0.5 ? corpus[corpus.length - 1 - rng.int(recent)]! : corpus[rng.int(corpus.length)]!;
      const child = mutate(parent, ctx);
      batch.push(child);
      exec(child);
    }
    const fresh = [...take()].filter((k) => !global.has(k));
    if (fresh.length === 0) continue;
    if (batch.length === 1) {
      keepIfNew(batch[0]!, new Set(fresh));
      continue;
    }
    explain(batch, new Set(fresh));
  }
  added.push(...corpus.slice(seedCount));
  return { ...stats(), findings: [...findings.values()], added, largest };
}

/** Render a finding's input for a report: text as is (cut), binary as hex. */
export function showInput(f: Finding, text: boolean): string {
  if (text) {
    const s = utf8(f.input);
    return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
  }
  return Buffer.from(f.input).toString("hex");
}
