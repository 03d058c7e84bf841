/**
 * The scheduler's view of node load, kept up to date by the store: every node in store order, grouped
 * by how many pods are bound to it, so "the first node, by (pod count, store order), that fits" is
 * found without visiting every node. kube-scheduler keeps a comparable per-node cache
 * (pkg/scheduler/backend/cache/cache.go: NodeInfo with its pod list, updated by AddPod/RemovePod
 * instead of recomputed per scheduling cycle); the choice rule itself is placement.ts pickNode's.
 */
import type { Node } from "./model.js";

/** Index of the first element of the ascending `xs` that is >= `x`. */
function lowerBound(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Entry {
  /** Position in store order: nodes keep theirs when updated, a re-created node goes last. */
  seq: number;
  node: Node;
}

/** Nodes ordered by (bound pod count, store order), maintained by ClusterStore's put and remove. */
export class NodeLoad {
  private nextSeq = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly bySeq = new Map<number, Node>();
  /** Pods bound per node name (also names no Node exists for yet). */
  private readonly counts = new Map<string, number>();
  /** Pod count → the seqs of the nodes with that many pods, ascending. */
  private readonly buckets = new Map<number, number[]>();
  /** The pod counts that have a bucket, ascending. */
  private readonly levels: number[] = [];

  /** A Node was stored (created or replaced). */
  putNode(node: Node): void {
    const name = node.metadata.name;
    const e = this.entries.get(name);
    if (e) {
      e.node = node;
      this.bySeq.set(e.seq, node);
      return;
    }
    const seq = this.nextSeq++;
    this.entries.set(name, { seq, node });
    this.bySeq.set(seq, node);
    this.insert(this.counts.get(name) ?? 0, seq);
  }

  /** A Node was deleted. */
  removeNode(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    this.bySeq.delete(e.seq);
    this.extract(this.counts.get(name) ?? 0, e.seq);
  }

  /** The number of pods bound to `name` is now `count`. */
  setCount(name: string, count: number): void {
    const before = this.counts.get(name) ?? 0;
    if (before === count) return;
    if (count === 0) this.counts.delete(name);
    else this.counts.set(name, count);
    const e = this.entries.get(name);
    if (!e) return;
    this.extract(before, e.seq);
    this.insert(count, e.seq);
  }

  /** The first node, by (pod count, store order), that `fits` accepts. */
  first(fits: (n: Node) => boolean): Node | undefined {
    for (const level of this.levels)
      for (const seq of this.buckets.get(level)!) {
        const n = this.bySeq.get(seq)!;
        if (fits(n)) return n;
      }
    return undefined;
  }

  private insert(count: number, seq: number): void {
    let b = this.buckets.get(count);
    if (!b) {
      this.buckets.set(count, (b = []));
      this.levels.splice(lowerBound(this.levels, count), 0, count);
    }
    b.splice(lowerBound(b, seq), 0, seq);
  }

  private extract(count: number, seq: number): void {
    const b = this.buckets.get(count);
    if (!b) return;
    const i = lowerBound(b, seq);
    if (b[i] === seq) b.splice(i, 1);
    if (b.length > 0) return;
    this.buckets.delete(count);
    const l = lowerBound(this.levels, count);
    if (this.levels[l] === count) this.levels.splice(l, 1);
  }
}
