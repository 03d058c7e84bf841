/**
 * Coverage feedback from V8 itself: block-level precise coverage through the in-process inspector
 * (`Profiler.startPreciseCoverage` with `callCount` and `detailed`, the machinery behind
 * `NODE_V8_COVERAGE` and c8; https://chromedevtools.github.io/devtools-protocol/tot/Profiler/).
 * Every `take()` returns the counts since the previous one and resets them.
 *
 * V8 reports a nested block only where its count differs from its parent's (v8 src/debug/debug-coverage.cc,
 * MergeNestedRanges), so an `if` branch taken as often as its function is absent from the report. To
 * turn reports into "which blocks ran" we remember every block range ever reported for a function and
 * give each one the count of the innermost reported range that contains it. A feature is a block that
 * ran at least once; new features are what make an input worth keeping.
 */
import { Session } from "node:inspector";

interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface V8Function {
  functionName: string;
  ranges: V8Range[];
  isBlockCoverage: boolean;
}
interface V8Script {
  scriptId: string;
  url: string;
  functions: V8Function[];
}

/** The count of the innermost reported range containing [s, e). */
function countAt(ranges: V8Range[], s: number, e: number): number {
  let best: V8Range | undefined;
  for (const r of ranges) {
    if (r.startOffset <= s && e <= r.endOffset) {
      if (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset) best = r;
    }
  }
  return best?.count ?? 0;
}

/**
 * One inspector session per thread, started once and never stopped: after
 * `Profiler.stopPreciseCoverage`, functions V8 has already compiled run without block counters when
 * coverage starts again (a second session saw one block where the first saw all), so every
 * V8Coverage of a thread shares the first one.
 */
let threadSession: Session | undefined;

export class V8Coverage {
  /** Per function (script url + function start): every block range ever seen, as "start:end". */
  private readonly known = new Map<string, Map<string, [number, number]>>();

  /** `scope` picks the scripts whose blocks count (e.g. the project's dsl/ and engine/ files). */
  constructor(private readonly scope: RegExp) {}

  start(): void {
    if (!threadSession) {
      threadSession = new Session();
      threadSession.connect();
      // In-thread inspector sessions answer synchronously: the callbacks run before post returns.
      this.post("Profiler.enable");
      this.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
    }
    this.take();
  }

  /** Coverage stays on for the thread (see threadSession); this only marks the end of a session. */
  stop(): void {
    this.take();
  }

  /** The blocks that ran since the last take, as stable keys. */
  take(): Set<string> {
    const res = this.post("Profiler.takePreciseCoverage") as { result: V8Script[] };
    const hit = new Set<string>();
    for (const script of res.result) {
      if (!this.scope.test(script.url)) continue;
      for (const fn of script.functions) {
        const top = fn.ranges[0];
        if (!top) continue;
        const fkey = `${script.url}@${top.startOffset}`;
        let known = this.known.get(fkey);
        if (!known) this.known.set(fkey, (known = new Map()));
        for (const r of fn.ranges) {
          const k = `${fkey}#${r.startOffset}:${r.endOffset}`;
          if (!known.has(k)) known.set(k, [r.startOffset, r.endOffset]);
        }
        if (top.count === 0) continue;
        if (fn.ranges.length === 1) {
          for (const k of known.keys()) hit.add(k);
          continue;
        }
        for (const [k, [s, e]] of known) if (countAt(fn.ranges, s, e) > 0) hit.add(k);
      }
    }
    return hit;
  }

  private post(method: string, params?: object): unknown {
    let out: unknown;
    let error: Error | null = null;
    let answered = false;
    threadSession!.post(method, params, (e, r) => {
      error = e;
      out = r;
      answered = true;
    });
    if (!answered) throw new Error(`inspector did not answer ${method} synchronously`);
    if (error) throw error;
    return out;
  }
}
