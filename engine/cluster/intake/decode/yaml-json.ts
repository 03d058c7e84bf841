/**
 * Manifest text → JSON values, as kubectl reads a file: documents split on `---`, each parsed as
 * YAML 1.1 by sigs.k8s.io/yaml (plain scalars resolved by go-yaml.ts), aliases and `<<` merge keys
 * followed, a repeated key silently keeping its last value (go-yaml v2's non-strict decoding — the
 * reference records a warning). Every value keeps where it came from, so errors point at the line.
 */
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
} from "yaml";
import type { SourceText } from "../../../support/index.js";
import type { SourceLocation } from "../../model.js";
import { jsonKey, resolvePlain } from "./go-yaml.js";
import { Unsupported, type FastDocument } from "./fast-yaml.js";
import { fastCandidate, fastDocumentStream } from "./fast-stream.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Segment = string | number;

export interface YamlDocument {
  /** The document as JSON (undefined for an empty document). */
  value: Json | undefined;
  /** Where the document starts. */
  location: SourceLocation;
  /** Location of the value at a path (or its key), falling back to its nearest existing parent. */
  locate(path: Segment[], key?: boolean): SourceLocation;
  /** Keys given twice in one mapping (go-yaml keeps the last one), with where the repeat is. */
  duplicates: { path: Segment[]; location: SourceLocation }[];
}

export interface YamlParseError {
  message: string;
  location: SourceLocation;
  /** The message is sigs.k8s.io/yaml's own (not a `yaml: line N:` syntax error). */
  bare?: boolean;
}

const TAG_STR = "tag:yaml.org,2002:str";

/** sigs.k8s.io/yaml refuses a null map key (convertToJSONableObject: "unsupported map key of type"). */
class NullKeyError extends Error {
  constructor(
    readonly value: Json,
    readonly offset: number,
  ) {
    super("null key");
  }
}

/** Whether a value holds ±Inf or NaN anywhere (almost never: checked before looking for the first). */
function anyNonFinite(v: Json | undefined): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) return v.some(anyNonFinite);
  for (const k in v) if (Object.hasOwn(v, k) && anyNonFinite(v[k])) return true;
  return false;
}

/** json.Marshal of the converted value fails on ±Inf and NaN (the first one in sorted-key order). */
function nonFinite(v: Json | undefined): string | undefined {
  return anyNonFinite(v) ? firstNonFinite(v) : undefined;
}

function firstNonFinite(v: Json | undefined): string | undefined {
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
  if (Array.isArray(v))
    for (const x of v) {
      const r = firstNonFinite(x);
      if (r) return r;
    }
  if (v && typeof v === "object" && !Array.isArray(v))
    for (const k of Object.keys(v).sort()) {
      const r = firstNonFinite(v[k]);
      if (r) return r;
    }
  return undefined;
}

/** Go's %#v of a decoded YAML scalar, as the conversion error prints the value. */
function goDump(v: Json): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "<nil>";
  if (typeof v === "object")
    return Array.isArray(v) ? "[]interface {}{...}" : "map[interface {}]interface {}{...}";
  return String(v);
}

class Converter {
  readonly positions = new Map<string, number>();
  readonly keyPositions = new Map<string, number>();
  readonly duplicates: { path: Segment[]; offset: number }[] = [];
  constructor(private readonly doc: Document.Parsed) {}

  convert(node: unknown, path: Segment[], depth = 0): Json {
    if (depth > 200) return null;
    if (isAlias(node)) return this.convert(node.resolve(this.doc), path, depth + 1);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range && !this.positions.has(JSON.stringify(path)))
      this.positions.set(JSON.stringify(path), range[0]);
    if (node === null || node === undefined) return null;
    if (isScalar(node)) {
      const raw = String(node.value ?? "");
      if (node.type !== "PLAIN" || node.tag === TAG_STR) return raw;
      const v = resolvePlain(raw);
      return v as Json;
    }
    if (isSeq(node)) return node.items.map((item, i) => this.convert(item, [...path, i], depth + 1));
    if (isMap(node)) {
      const out: { [k: string]: Json } = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        if (isScalar(keyNode) && keyNode.type === "PLAIN" && keyNode.value === "<<") {
          this.merge(out, pair.value, path, depth);
          continue;
        }
        const resolvedKey = this.keyValue(keyNode, depth);
        if (resolvedKey === null)
          throw new NullKeyError(
            this.convert(pair.value, [], depth + 1),
            (keyNode as { range?: number[] } | null)?.range?.[0] ?? 0,
          );
        const key = jsonKey(resolvedKey);
        const at = [...path, key];
        const keyRange = (keyNode as { range?: [number, number, number] } | null)?.range;
        if (key in out && keyRange) this.duplicates.push({ path: at, offset: keyRange[0] });
        if (keyRange) this.keyPositions.set(JSON.stringify(at), keyRange[0]);
        out[key] = this.convert(pair.value, at, depth + 1);
      }
      return out;
    }
    return null;
  }

  private keyValue(node: Node | null, depth: number): unknown {
    if (node === null) return null;
    if (isScalar(node))
      return node.type === "PLAIN" && node.tag !== TAG_STR
        ? resolvePlain(String(node.value ?? ""))
        : String(node.value ?? "");
    return JSON.stringify(this.convert(node, [], depth + 1));
  }

  private merge(out: { [k: string]: Json }, value: unknown, path: Segment[], depth: number): void {
    const resolved = isAlias(value) ? value.resolve(this.doc) : value;
    const sources = isSeq(resolved) ? resolved.items : [resolved];
    for (const s of sources) {
      const m = this.convert(s, path, depth + 1);
      if (m && typeof m === "object" && !Array.isArray(m))
        for (const [k, v] of Object.entries(m)) if (!(k in out)) out[k] = v;
    }
  }
}

type At = (offset: number) => SourceLocation;

/** The offset of the value at a path (or its key), falling back to its nearest existing parent. */
function locateOffset(c: Converter, path: Segment[], key: boolean): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const k = JSON.stringify(path.slice(0, n));
    const off =
      (key || n < path.length ? c.keyPositions.get(k) : undefined) ??
      c.positions.get(k) ??
      c.keyPositions.get(k);
    if (off !== undefined) return off;
  }
  return undefined;
}

/** One document, or the error that stops the file (always the last item). */
export type YamlItem =
  { document: YamlDocument; error?: undefined } | { error: YamlParseError; document?: undefined };

/**
 * One fast-path document (fast-yaml.ts): its value now, locations only when asked, by parsing that
 * one document's text the slow way (it is plain YAML, so its tree is the one the whole file gives).
 */
function fromFast(source: SourceText, d: FastDocument, at: At): YamlItem {
  const start = at(d.start);
  const bad = nonFinite(d.value);
  if (bad) return { error: { message: `json: unsupported value: ${bad}`, location: start, bare: true } };
  let slow: Converter | undefined;
  return {
    document: {
      value: d.value,
      location: start,
      locate(path, key = false) {
        if (path.length === 0) return start;
        if (!slow) {
          const doc = parseAllDocuments(
            source.text.slice(d.slice[0], d.slice[1]),
            OPTIONS,
          ) as Document.Parsed[];
          slow = new Converter(doc[0]!);
          if (doc[0]?.contents) slow.convert(doc[0].contents, []);
        }
        const off = locateOffset(slow, path, key);
        return off === undefined ? start : at(d.slice[0] + off);
      },
      duplicates: [],
    },
  };
}

const OPTIONS = { uniqueKeys: false, schema: "failsafe" } as const;

/**
 * Splits and parses, one document at a time (each parsed once the one before is consumed, so a large
 * file's values die young); a syntax error stops the file, as kubectl's decoder stops. The fast path
 * reads documents until the first one outside its subset; the `yaml` package reads the rest of the
 * file from that document's start (documents are independent: the subset has no directives).
 * `fast: false` skips the fast path (its property test compares the two).
 */
export function* yamlDocuments(source: SourceText, fastPath = true): Generator<YamlItem> {
  const text = source.text;
  let counter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const p = counter.linePos(offset);
    return {
      path: source.path,
      line: source.line + p.line - 1,
      // ManifestText.column: the indentation stripped from every line of an inline block.
      column: source.column + p.col,
    };
  };
  let from = 0;
  if (fastPath && fastCandidate(text)) {
    counter.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) counter.addNewLine(i + 1);
    const state = { restart: 0 };
    try {
      for (const d of fastDocumentStream(text, state)) {
        const item = fromFast(source, d, at);
        yield item;
        if (item.error) return;
      }
      return;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
    from = state.restart;
    // From the start, the yaml package counts the lines itself (as it always did for such files).
    if (from === 0) counter = new LineCounter();
  }
  if (from === 0) {
    yield* slowDocuments(text, counter, at);
    return;
  }
  // The text before stands as its line breaks only, so the yaml package's messages (`at line 3,
  // column 8`) count lines as in the whole file; the rest starts at a line (its `---`).
  let breaks = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < from; i = text.indexOf("\n", i + 1)) breaks++;
  yield* slowDocuments("\n".repeat(breaks) + text.slice(from), undefined, (off) => at(off - breaks + from));
}

/** The `yaml` package's documents of `text` (offsets relative to it, located by `at`). */
function* slowDocuments(text: string, counter: LineCounter | undefined, at: At): Generator<YamlItem> {
  const parsed = parseAllDocuments(text, counter ? { lineCounter: counter, ...OPTIONS } : OPTIONS);
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as Document.Parsed[];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      yield { error: { message: e.message.split("\n")[0]!, location: at(e.pos[0]) } };
      return;
    }
    const c = new Converter(doc);
    const start = at(doc.contents?.range?.[0] ?? doc.range[0]);
    let value: Json | undefined;
    try {
      value = doc.contents === null ? undefined : c.convert(doc.contents, []);
    } catch (e) {
      if (!(e instanceof NullKeyError)) throw e;
      yield {
        error: {
          message: `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goDump(e.value)}`,
          location: at(e.offset),
          bare: true,
        },
      };
      return;
    }
    const bad = nonFinite(value);
    if (bad) {
      yield { error: { message: `json: unsupported value: ${bad}`, location: start, bare: true } };
      return;
    }
    yield {
      document: {
        value: value === null ? undefined : value,
        location: start,
        locate(path, key = false) {
          const off = locateOffset(c, path, key);
          return off === undefined ? start : at(off);
        },
        duplicates: c.duplicates.map((d) => ({ path: d.path, location: at(d.offset) })),
      },
    };
  }
}

/** Every document at once (and the error that stopped the file): `yamlDocuments` collected. */
export function parseYamlDocuments(
  source: SourceText,
  fastPath = true,
): {
  documents: YamlDocument[];
  error?: YamlParseError;
} {
  const documents: YamlDocument[] = [];
  for (const item of yamlDocuments(source, fastPath)) {
    if (item.error) return { documents, error: item.error };
    documents.push(item.document);
  }
  return { documents };
}
