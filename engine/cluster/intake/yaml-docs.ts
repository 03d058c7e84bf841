/**
 * Multi-document YAML with positions: each document keeps a locator from a kube field path
 * (`spec.ports[0].port`) to the line/column it came from in the original file, offset by where the
 * text sits in that file (inline manifests inside a .netspec file).
 */
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { ClusterError } from "../cluster-error.js";
import type { SourceText } from "../../support/index.js";
import type { SourceLocation } from "../model.js";

export interface ManifestDoc {
  /** The document as plain data. */
  raw: Record<string, unknown>;
  /** Where the document starts. */
  location: SourceLocation;
  /** Location of a field (falls back to the nearest existing parent, then the document). */
  locate(fieldPath: string): SourceLocation;
}

/** `spec.ports[0].port` → ["spec", "ports", 0, "port"]. */
export function fieldPathSegments(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of fieldPath.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]+)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

export function parseManifestDocs(source: SourceText): ManifestDoc[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(source.text, { lineCounter: counter, uniqueKeys: false });
  const at = (offset: number): SourceLocation => {
    const p = counter.linePos(offset);
    return {
      path: source.path,
      line: source.line + p.line - 1,
      column: p.line === 1 ? source.column + p.col - 1 : p.col,
    };
  };
  const out: ManifestDoc[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list as Document.Parsed[]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const loc = at(e.pos[0]);
      throw new ClusterError(
        `${loc.path}:${loc.line}: invalid YAML: ${e.message.split("\n")[0]}`,
        "manifest/yaml",
        loc,
      );
    }
    if (doc.contents === null) continue;
    const start = at(doc.contents.range?.[0] ?? 0);
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      // Only building the value finds some errors (an alias used as a key before its anchor, too
      // many aliases); found by fuzzing: they escaped as a ReferenceError.
      throw new ClusterError(
        `${start.path}:${start.line}: invalid YAML: ${(e as Error).message.split("\n")[0]}`,
        "manifest/yaml",
        start,
      );
    }
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== "object" || Array.isArray(raw)) {
      throw new ClusterError(
        `${start.path}:${start.line}: a manifest document must be a mapping`,
        "manifest/invalid",
        start,
      );
    }
    out.push({
      raw: raw as Record<string, unknown>,
      location: start,
      locate(fieldPath: string) {
        const segs = fieldPathSegments(fieldPath);
        for (let n = segs.length; n > 0; n--) {
          const node = doc.getIn(segs.slice(0, n), true) as { range?: [number, number, number] } | undefined;
          if (node && typeof node === "object" && node.range) return at(node.range[0]);
        }
        return start;
      },
    });
  }
  return out;
}
