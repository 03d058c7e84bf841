/**
 * Small builders the families share: objects rendered as YAML that reads the same under YAML 1.1
 * (what kubectl's sigs.k8s.io/yaml parses), so only the families that mean to test scalars write
 * raw text.
 */
import { stringify } from "yaml";
import type { Rng } from "../../rng.js";

export type Obj = Record<string, unknown>;

/** Block YAML, strings quoted wherever YAML 1.1 would read them as something else. */
export function doc(o: Obj): string {
  return stringify(o, { version: "1.1", lineWidth: 0 }).trimEnd();
}

export function meta(name: string, ns?: string, extra: Obj = {}): Obj {
  return ns === undefined ? { name, ...extra } : { name, namespace: ns, ...extra };
}

export function service(name: string, ns: string, spec: Obj, metaExtra: Obj = {}): string {
  return doc({ apiVersion: "v1", kind: "Service", metadata: meta(name, ns, metaExtra), spec });
}

export function container(name = "c", extra: Obj = {}): Obj {
  return { name, image: "registry.k8s.io/pause:3.9", ...extra };
}

export function pod(name: string, ns: string, spec: Obj, metaExtra: Obj = {}): string {
  return doc({ apiVersion: "v1", kind: "Pod", metadata: meta(name, ns, metaExtra), spec });
}

/** Drops keys whose value is undefined (so optional pieces can be written inline). */
export function compact(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** `undefined` (leave out) or one of the values. */
export function maybe<T>(r: Rng, p: number, values: readonly T[]): T | undefined {
  return r.chance(p) ? r.pick(values) : undefined;
}

/** A DNS-1123/1035-ish name of a given length (to probe the 63/253 limits). */
export function nameOfLength(n: number, first = "a"): string {
  let s = first;
  while (s.length < n) s += "abcdefghij"[s.length % 10]!;
  return s.slice(0, n);
}
