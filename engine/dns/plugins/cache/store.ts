/**
 * A bounded item store standing in for plugin/pkg/cache (256 shards of size/256, minimum 4 each,
 * evicting a random item of the full shard — Go map iteration order). The model keeps the shard
 * arithmetic and picks the victim with the seeded rng, so runs are reproducible.
 */
import type { Rng } from "../../../support/index.js";

const SHARDS = 256;

function shardOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h % SHARDS;
}

export class ItemStore<T> {
  private readonly shards: Map<string, T>[] = Array.from({ length: SHARDS }, () => new Map());
  private readonly shardSize: number;

  constructor(
    capacity: number,
    private readonly rng: Rng,
  ) {
    this.shardSize = Math.max(4, Math.floor(capacity / SHARDS));
  }

  get(key: string): T | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  /** Adds the item; true when another item was evicted to make room. */
  add(key: string, item: T): boolean {
    const s = this.shards[shardOf(key)]!;
    let evicted = false;
    if (!s.has(key) && s.size >= this.shardSize) {
      const keys = [...s.keys()];
      s.delete(keys[this.rng.int(keys.length)]!);
      evicted = true;
    }
    s.set(key, item);
    return evicted;
  }

  remove(key: string): void {
    this.shards[shardOf(key)]!.delete(key);
  }

  get size(): number {
    return this.shards.reduce((n, s) => n + s.size, 0);
  }
}
