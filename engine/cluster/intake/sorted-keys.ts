/**
 * Object keys in a sorted order without Array.prototype.sort's scratch copy: decoding and the
 * last-applied annotation order the keys of every object they visit, and those are mostly few and
 * already in order. Keys of one object are distinct, so any correct sort gives the same order.
 */

/** Sorts `keys` in place by `cmp` (insertion sort for short lists, the built-in sort otherwise). */
export function sortKeysInPlace(keys: string[], cmp?: (a: string, b: string) => number): string[] {
  if (keys.length > 24) return cmp ? keys.sort(cmp) : keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    if (cmp) while (j >= 0 && cmp(keys[j]!, k) > 0) keys[j + 1] = keys[j--]!;
    else while (j >= 0 && keys[j]! > k) keys[j + 1] = keys[j--]!;
    keys[j + 1] = k;
  }
  return keys;
}
