/**
 * Edits on the manifest form, as `kubectl label/annotate/patch` make them: dotted-path set/remove
 * (`spec.ports[0].port`, `metadata.labels["app.kubernetes.io/name"]`) and JSON merge patch (RFC 7386,
 * what `kubectl patch --type merge` sends).
 */
import { fieldPathSegments } from "./intake/index.js";

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Splits a dotted path; `["a.b"]` and `[0]` segments are kept whole. */
export function pathSegments(path: string): (string | number)[] {
  return fieldPathSegments(path.replace(/\["([^"]*)"\]/g, "[$1]"));
}

export function setPath(root: Raw, path: string, value: unknown): void {
  const segs = pathSegments(path);
  if (segs.length === 0) throw new Error(`empty path`);
  let cur: unknown = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!;
    const nextIsIndex = typeof segs[i + 1] === "number";
    const container = cur as Record<string | number, unknown>;
    if (container[s] === undefined || container[s] === null) container[s] = nextIsIndex ? [] : {};
    cur = container[s];
    if (typeof cur !== "object" || cur === null)
      throw new Error(`${segs.slice(0, i + 1).join(".")} is not an object`);
  }
  (cur as Record<string | number, unknown>)[segs[segs.length - 1]!] = value;
}

export function removePath(root: Raw, path: string): boolean {
  const segs = pathSegments(path);
  let cur: unknown = root;
  for (let i = 0; i < segs.length - 1; i++) {
    if (typeof cur !== "object" || cur === null) return false;
    cur = (cur as Record<string | number, unknown>)[segs[i]!];
  }
  if (typeof cur !== "object" || cur === null) return false;
  const last = segs[segs.length - 1]!;
  if (Array.isArray(cur) && typeof last === "number") {
    if (last >= cur.length) return false;
    cur.splice(last, 1);
    return true;
  }
  const c = cur as Raw;
  if (!(String(last) in c)) return false;
  delete c[String(last)];
  return true;
}

/** RFC 7386: null deletes, objects merge recursively, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: Raw = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
