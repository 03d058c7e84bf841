/** Shared frozen empty collections for the slim model (to-model.ts, api-server.ts). */

/**
 * One frozen empty list (and map) every model object without entries shares: most pods have no
 * host aliases, volumes, mounts, node selector or owners, and five empty collections per pod were
 * 500,000 objects at 100k pods for the collector to trace. Model objects are replaced, never changed
 * in place (store.ts); frozen, an accidental in-place change throws instead of leaking across pods.
 */
const EMPTY_LIST: never[] = Object.freeze([]) as unknown as never[];
const EMPTY_MAP: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** `list`, or the shared empty list when it has no elements. */
export function sharedList<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY_LIST : list;
}

/** `map`, or the shared empty map when it has no own keys. */
export function sharedMap(map: Record<string, string>): Record<string, string> {
  for (const k in map) if (Object.hasOwn(map, k)) return map;
  return Object.getOwnPropertyNames(map).length === 0 ? EMPTY_MAP : map;
}
