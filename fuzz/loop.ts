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
  /**
   * The time limit does not stop a run before this many executions: on a loaded machine a short
   * run still gets past its seeds into mutation (CI's bounded pass). `runs` still caps it.
   */
  minRuns?: number;
  /** An input slower than this is a finding of kind "slow". */
  slowMs?: number;
  /** Called before each execution (the watchdog records the input it may have to report). */
  beforeRun?: (data: Uint8Array) => void;
  /** Called about once a second. */
  onProgress?: (s: LoopStats) => void;
  /** Called when a finding with a new signature turns up (before minimisation). */
  onFinding?: (f: Finding) => void;
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

/** One fuzzing session's state: corpus, coverage seen, findings, counters. */
class Loop {
  private readonly now: () => number;
  private readonly t0: number;
  private readonly rng;
  private readonly global = new Set<string>();
  readonly corpus: Uint8Array[] = [];
  private readonly findings = new Map<string, Finding>();
  private execs = 0;
  private execMs = 0;
  private takeMs = 0;
  private takes = 0;
  private slowestMs = 0;
  private largest = 0;
  private lastProgress: number;

  constructor(
    private readonly target: FuzzTarget,
    private readonly runner: FuzzRunner,
    private readonly coverage: CoverageSource,
    private readonly opts: LoopOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.t0 = this.now();
    this.lastProgress = this.t0;
    this.rng = createRng(opts.seed);
  }

  stats(): LoopStats {
    return {
      execs: this.execs,
      corpus: this.corpus.length,
      features: this.global.size,
      findings: this.findings.size,
      elapsedMs: this.now() - this.t0,
      slowestMs: this.slowestMs,
    };
  }

  result(seedCount: number): LoopResult {
    const findings = [...this.findings.values()];
    return { ...this.stats(), findings, added: this.corpus.slice(seedCount), largest: this.largest };
  }

  done(): boolean {
    const { runs, timeMs, minRuns = 0 } = this.opts;
    return (
      (runs !== undefined && this.execs >= runs) ||
      (timeMs !== undefined && this.now() - this.t0 >= timeMs && this.execs >= minRuns)
    );
  }

  exec(data: Uint8Array): void {
    this.opts.beforeRun?.(data);
    this.execs++;
    this.largest = Math.max(this.largest, data.length);
    const start = this.now();
    try {
      this.runner.run(data);
    } catch (e) {
      this.record(findingFor(e, data));
    }
    const ms = this.now() - start;
    this.execMs += ms;
    this.slowestMs = Math.max(this.slowestMs, ms);
    if (this.opts.slowMs !== undefined && ms > this.opts.slowMs) {
      const message = `one execution took ${ms.toFixed(0)} ms (limit ${this.opts.slowMs} ms)`;
      this.record({ kind: "slow", signature: "slow input", message, stack: "", input: data });
    }
    if (this.opts.onProgress && this.now() - this.lastProgress >= 1000) {
      this.lastProgress = this.now();
      this.opts.onProgress(this.stats());
    }
  }

  private record(f: Finding): void {
    const old = this.findings.get(f.signature);
    if (!old) this.opts.onFinding?.(f);
    if (!old || f.input.length < old.input.length) this.findings.set(f.signature, f);
  }

  take(): Set<string> {
    const start = this.now();
    const hit = this.coverage.take();
    this.takeMs += this.now() - start;
    this.takes++;
    return hit;
  }

  /** Keep `data` if the coverage it produced has blocks not seen before. */
  keepIfNew(data: Uint8Array, hit: Set<string>): void {
    let fresh = false;
    for (const k of hit) {
      if (!this.global.has(k)) {
        this.global.add(k);
        fresh = true;
      }
    }
    if (fresh) this.corpus.push(data);
  }

  unseen(hit: Set<string>): Set<string> {
    return new Set([...hit].filter((k) => !this.global.has(k)));
  }

  /** The batch that keeps coverage at TAKE_SHARE of the time: 1 for slow targets, hundreds for fast ones. */
  batchSize(): number {
    const perTake = this.takeMs / Math.max(1, this.takes);
    const perExec = Math.max(this.execMs / Math.max(1, this.execs), 1e-3);
    return Math.max(1, Math.min(MAX_BATCH, Math.round(perTake / (TAKE_SHARE * perExec))));
  }

  /**
   * Find the inputs of a batch that reach the `fresh` blocks by bisection (replay half, take
   * coverage, recurse into the halves that reach any), so a batch of 512 costs about 2·log2(512)
   * coverage takes instead of 512.
   */
  explain(batch: Uint8Array[], fresh: Set<string>): void {
    const walk = (part: Uint8Array[], wanted: Set<string>): void => {
      if (wanted.size === 0 || this.done()) return;
      if (part.length === 1) {
        this.exec(part[0]!);
        this.keepIfNew(part[0]!, this.take());
        return;
      }
      const left = part.slice(0, part.length >> 1);
      for (const b of left) this.exec(b);
      const hit = this.take();
      const inLeft = new Set([...fresh].filter((k) => hit.has(k)));
      walk(left, inLeft);
      walk(
        part.slice(left.length),
        new Set([...wanted].filter((k) => !inLeft.has(k) && !this.global.has(k))),
      );
    };
    walk(batch, fresh);
    // What no replay reproduced (state-dependent paths) still counts as seen.
    for (const k of fresh) this.global.add(k);
  }

  /** A mutant of a corpus entry; recent entries (they reached the newest blocks) half of the time. */
  mutant(dictionary: Uint8Array[]): Uint8Array {
    const { corpus, rng } = this;
    const recent = Math.max(1, Math.floor(corpus.length / 8));
    const parent =
      rng.next() < 0.5 ? corpus[corpus.length - 1 - rng.int(recent)]! : corpus[rng.int(corpus.length)]!;
    const other = () => corpus[rng.int(corpus.length)]!;
    return mutate(parent, { rng, maxLen: this.target.maxLen, dictionary, text: this.target.text, other });
  }
}

export function runLoop(
  target: FuzzTarget,
  runner: FuzzRunner,
  seeds: Uint8Array[],
  coverage: CoverageSource,
  opts: LoopOptions,
): LoopResult {
  const loop = new Loop(target, runner, coverage, opts);
  const dictionary = target.dictionary.map((w) => new TextEncoder().encode(w));
  loop.take();
  for (const s of seeds) {
    if (loop.done()) break;
    loop.exec(s);
    loop.keepIfNew(s, loop.take());
  }
  if (loop.corpus.length === 0) loop.corpus.push(seeds[0] ?? new Uint8Array(0));
  const seedCount = loop.corpus.length;
  while (!loop.done()) {
    const batch: Uint8Array[] = [];
    for (let i = 0, size = loop.batchSize(); i < size && !loop.done(); i++) {
      const child = loop.mutant(dictionary);
      batch.push(child);
      loop.exec(child);
    }
    const fresh = loop.unseen(loop.take());
    if (fresh.size === 0) continue;
    if (batch.length === 1) loop.keepIfNew(batch[0]!, fresh);
    else loop.explain(batch, fresh);
  }
  return loop.result(seedCount);
}

/** Render a finding's input for a report: text as is (cut), binary as hex. */
export function showInput(f: Finding, text: boolean): string {
  if (text) {
    const s = utf8(f.input);
    return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
  }
  return Buffer.from(f.input).toString("hex");
}
