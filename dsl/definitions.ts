/**
 * Where the objects a spec refers to are defined: every Pod, Service, Node and workload that the
 * manifests of a Plan create (inline blocks, `apply file`/`dir`), with the position of its
 * `metadata.name` in the file the user edits. The language server completes pod and service names
 * from it and jumps from `pod ns/name` to the manifest that defines it.
 */
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import type { ManifestText, Plan, Step } from "./plan.js";

export interface Definition {
  kind: string;
  /** `ns/name` for namespaced kinds, `name` otherwise. */
  key: string;
  path: string;
  /** 1-based position of the name's value. */
  line: number;
  column: number;
}

const CLUSTER_SCOPED = new Set(["Node", "Namespace"]);

function texts(steps: Step[]): ManifestText[] {
  return steps.flatMap((s) =>
    s.type !== "apply" ? [] : s.source.kind === "inline" ? [s.source.manifest] : s.source.manifests,
  );
}

/** The objects the manifests of `m` define, in order. */
export function definitionsIn(m: ManifestText): Definition[] {
  const counter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(m.text, { lineCounter: counter });
  } catch {
    return [];
  }
  const out: Definition[] = [];
  const visit = (node: unknown) => {
    const obj = node as { get?: (k: string, keep?: boolean) => unknown } | null;
    if (!obj || typeof obj.get !== "function") return;
    const kind = obj.get("kind");
    const meta = obj.get("metadata", true) as { get?: (k: string, keep?: boolean) => unknown } | undefined;
    const items = obj.get("items", true) as { items?: unknown[] } | undefined;
    if (kind === "List" && items?.items) items.items.forEach(visit);
    const name = meta?.get?.("name", true) as
      { value?: unknown; range?: [number, number, number] } | undefined;
    if (typeof kind !== "string" || typeof name?.value !== "string" || !name.range) return;
    const ns = meta?.get?.("namespace");
    const pos = counter.linePos(name.range[0]);
    out.push({
      kind,
      key: CLUSTER_SCOPED.has(kind) ? name.value : `${typeof ns === "string" ? ns : "default"}/${name.value}`,
      path: m.path,
      line: m.line + pos.line - 1,
      column: pos.col + m.column,
    });
  };
  for (const d of (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[])
    if (!d.errors.length) visit(d.contents);
  return out;
}

/** Every object the plan's manifests define (suite setups and tests), each once. */
export function definitions(plan: Plan): Definition[] {
  const seen = new Set<ManifestText>();
  const out: Definition[] = [];
  for (const suite of plan.files.flatMap((f) => f.suites))
    for (const m of texts([...suite.setup, ...suite.cases.flatMap((c) => c.steps)]))
      if (!seen.has(m)) {
        seen.add(m);
        out.push(...definitionsIn(m));
      }
  return out;
}
