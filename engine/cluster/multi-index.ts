/**
 * A map from an index key (an IP, a node name) to the objects under it, in insertion order, keyed by
 * their store key. Most keys hold exactly one object (a pod's IP, an endpoint address), so a single
 * entry is kept as a pair instead of a Map of its own: at 100,000 pods two Maps per pod (pods by IP,
 * slices by address) were ~35 MiB of small hash tables.
 */

/** One object under a key, with its store key. */
interface Single<V> {
  key: string;
  value: V;
}

export class MultiIndex<V> {
  private readonly map = new Map<string, Single<V> | Map<string, V>>();

  /** Adds (or replaces) `value` under `outer`, keyed `inner`. */
  add(outer: string, inner: string, value: V): void {
    const cur = this.map.get(outer);
    if (cur === undefined) this.map.set(outer, { key: inner, value });
    else if (cur instanceof Map) cur.set(inner, value);
    else if (cur.key === inner) cur.value = value;
    else
      this.map.set(
        outer,
        new Map([
          [cur.key, cur.value],
          [inner, value],
        ]),
      );
  }

  /** Removes what `inner` put under `outer`; a key left empty is forgotten. */
  remove(outer: string, inner: string): void {
    const cur = this.map.get(outer);
    if (cur === undefined) return;
    if (!(cur instanceof Map)) {
      if (cur.key === inner) this.map.delete(outer);
      return;
    }
    cur.delete(inner);
    if (cur.size === 0) this.map.delete(outer);
  }

  /** The objects under `outer`, in the order they were first added. */
  values(outer: string): V[] {
    const cur = this.map.get(outer);
    if (cur === undefined) return [];
    return cur instanceof Map ? [...cur.values()] : [cur.value];
  }

  /** How many objects are under `outer`. */
  count(outer: string): number {
    const cur = this.map.get(outer);
    if (cur === undefined) return 0;
    return cur instanceof Map ? cur.size : 1;
  }
}
