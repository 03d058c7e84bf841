/** Kubernetes field paths (`spec.ports[0].name`, `metadata.annotations[a.b/c]`) ↔ JSON path segments. */
import type { Segment } from "./decode/yaml-json.js";

/** `spec.ports[0].port` → ["spec", "ports", 0, "port"]; `[key]` stays a string key. */
export function fieldPathSegments(fieldPath: string): Segment[] {
  const out: Segment[] = [];
  for (const m of fieldPath.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]+)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/** ["spec", "ports", 0] → `spec.ports[0]`. */
export function segmentsPath(segs: Segment[]): string {
  let out = "";
  for (const s of segs) out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
  return out;
}
