/**
 * A fast path for the plain YAML most large manifests are written in (and for one-line JSON): block
 * mappings and sequences, one-line flow collections, plain scalars and quoted scalars (double-quoted
 * ones with the escapes JSON shares with YAML).
 * It produces exactly the value yaml-json.ts's converter produces from the `yaml` package's tree, or
 * gives up: anything outside that subset (anchors, tags, block scalars, multi-line scalars or flow
 * collections, other escapes, duplicate keys, directives, tabs, CR, odd indentation, null keys, merge keys)
 * throws `Unsupported`, and the caller parses the whole file the slow, exact way. Locations are not
 * recorded here; the caller re-parses one document slowly only when a location inside it is asked.
 * fast-yaml.property.test.ts holds it to the slow path on random documents.
 */
import { jsonKey, resolvePlain } from "./go-yaml.js";

/** yaml-json.ts's Json, restated here so the two modules do not import each other. */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The text uses YAML outside the fast subset. */
export class Unsupported extends Error {}

export interface FastDocument {
  /** The document's value (undefined for an empty document or a null root). */
  value: Json | undefined;
  /** Offset of the root node (what the slow path locates the document at). */
  start: number;
  /** The document's text: from its `---` marker (or the file start) to the next marker. */
  slice: [number, number];
}

// Characters the yaml package (or YAML) may treat specially anywhere: tabs, CR, other controls, NEL,
// line/paragraph separators, BOM, backslash (escapes), anchors/aliases/tags are checked per scalar.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
export const SPECIAL = /[\t\r\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;
const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

export interface Line {
  start: number;
  indent: number;
  content: number;
  end: number;
}

export function unsupported(): never {
  throw new Unsupported();
}

/** A document's lines (blank and comment lines left out), as fast-stream.ts splits a file. */
export interface RawDoc {
  lines: Line[];
  /** Offset of its `---` marker, -1 for a first document without one. */
  marker: number;
  slice: [number, number];
}

/** One document of the subset; throws `Unsupported` outside it. */
export function parseDoc(text: string, raw: RawDoc): FastDocument {
  if (raw.lines.length === 0) return { value: undefined, start: raw.marker + 3, slice: raw.slice };
  const start = raw.lines[0]!.content;
  const p = new BlockParser(text, raw.lines);
  const value = p.node(0, 0);
  if (p.i < raw.lines.length) unsupported();
  return { value: value === null ? undefined : value, start, slice: raw.slice };
}

function isSeqItem(text: string, l: Line): boolean {
  return (
    text.charCodeAt(l.content) === DASH && (l.content + 1 === l.end || text.charCodeAt(l.content + 1) === SP)
  );
}

/** Indicators no fast-path plain scalar may start with (YAML 1.2 c-indicator, plus `-?:` to be safe). */
const INDICATOR = new Set([..."-?:,[]{}#&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));

class BlockParser {
  i = 0;
  private readonly flow: FlowParser;
  constructor(
    private readonly text: string,
    private readonly lines: Line[],
  ) {
    this.flow = new FlowParser(text);
  }

  /** The node starting at the current line (more indented than `parent`). */
  node(parent: number, depth: number): Json {
    if (depth > 100) unsupported();
    const l = this.lines[this.i]!;
    if (l.indent < parent) unsupported();
    if (isSeqItem(this.text, l)) return this.seq(l.indent, depth);
    const key = this.key(l.content, l.end);
    if (key) return this.map(l.indent, depth);
    this.i++;
    return this.inline(l.content, l.end, depth);
  }

  private map(n: number, depth: number): Json {
    const out: { [k: string]: Json } = {};
    for (let l = this.lines[this.i]; l && l.indent >= n; l = this.lines[this.i]) {
      if (l.indent > n || isSeqItem(this.text, l)) unsupported();
      const k = this.key(l.content, l.end) ?? unsupported();
      if (k.name in out) unsupported();
      this.i++;
      out[k.name] = k.value < 0 ? this.nested(n, true, depth) : this.inline(k.value, l.end, depth);
    }
    return out;
  }

  private seq(n: number, depth: number): Json {
    const out: Json[] = [];
    for (let l = this.lines[this.i]; l && l.indent >= n; l = this.lines[this.i]) {
      if (l.indent > n) unsupported();
      if (!isSeqItem(this.text, l)) break;
      let q = l.content + 1;
      while (q < l.end && this.text.charCodeAt(q) === SP) q++;
      if (q === l.end || this.text.charCodeAt(q) === HASH) {
        this.i++;
        out.push(this.nested(n, false, depth));
      } else if (this.key(q, l.end)) {
        // A compact mapping: its keys are aligned with the first one, after the dash.
        this.lines[this.i] = { start: l.start, indent: q - l.start, content: q, end: l.end };
        out.push(this.map(q - l.start, depth + 1));
      } else {
        if (isSeqItem(this.text, { ...l, content: q })) unsupported();
        this.i++;
        out.push(this.inline(q, l.end, depth));
      }
    }
    return out;
  }

  /** The value of `key:` with nothing after it: a deeper node, a sequence at the key's column, or null. */
  private nested(n: number, inMap: boolean, depth: number): Json {
    const l = this.lines[this.i];
    if (!l || l.indent < n) return null;
    if (l.indent === n) return inMap && isSeqItem(this.text, l) ? this.seq(n, depth + 1) : null;
    return this.node(n + 1, depth + 1);
  }

  /** A value on the rest of a line: flow collection, quoted or plain scalar, then only a comment. */
  private inline(p: number, end: number, depth: number): Json {
    const c = this.text.charCodeAt(p);
    if (c === 123 /* { */ || c === 91 /* [ */ || c === 34 /* " */ || c === 39 /* ' */) {
      const { value, next } = this.flow.value(p, end, depth);
      restIsComment(this.text, next, end);
      return value;
    }
    if (!plainStart(this.text, p, end, false)) unsupported();
    const raw = plainToComment(this.text, p, end);
    if (/[[\]{}]/.test(raw) || raw.includes(": ") || raw.endsWith(":")) unsupported();
    const next = this.lines[this.i];
    if (next && next.indent > (this.lines[this.i - 1]?.indent ?? 0)) unsupported();
    return resolvePlain(raw) as Json;
  }

  /** `key:` at p: the JSON key and where its value starts (-1 when the line ends after the colon). */
  private key(p: number, end: number): { name: string; value: number } | undefined {
    const t = this.text;
    let raw: string;
    let colon: number;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      let q: { value: string; next: number };
      try {
        q = this.flow.quoted(p, end);
      } catch (e) {
        if (e instanceof Unsupported) return undefined;
        throw e;
      }
      if (t.charCodeAt(q.next) !== COLON) return undefined;
      raw = q.value;
      colon = q.next;
    } else {
      if (INDICATOR.has(c)) return undefined;
      colon = findPair(t, COLON, SP, p, end);
      if (colon < 0) colon = t.charCodeAt(end - 1) === COLON ? end - 1 : -1;
      if (colon < 0) return undefined;
      raw = t.slice(p, colon);
      if (/[#[\]{},"']|\s$/.test(raw) || raw.length > 1000) unsupported();
      const v = resolvePlain(raw);
      if (v === null) unsupported();
      raw = jsonKey(v);
      if (raw === "<<") unsupported();
    }
    if (colon + 1 < end && t.charCodeAt(colon + 1) !== SP) return undefined;
    let v = colon + 1;
    while (v < end && t.charCodeAt(v) === SP) v++;
    return { name: raw, value: v === end || t.charCodeAt(v) === HASH ? -1 : v };
  }
}

/** A block plain scalar up to its comment (` #`) or the line end, trailing spaces dropped. */
function plainToComment(text: string, p: number, end: number): string {
  const e = findPair(text, SP, HASH, p, end);
  return text.slice(p, e < 0 ? end : e).trimEnd();
}

/** Where `a` followed by `b` first occurs in [p, end), or -1 (bounded: never scans past the line). */
function findPair(text: string, a: number, b: number, p: number, end: number): number {
  for (let q = p; q + 1 < end; q++) if (text.charCodeAt(q) === a && text.charCodeAt(q + 1) === b) return q;
  return -1;
}

/** A plain scalar may start with `-` when a non-space, non-flow-indicator follows (`-1`, `-x`). */
export function plainStart(text: string, p: number, end: number, flow: boolean): boolean {
  const c = text.charCodeAt(p);
  if (c !== DASH) return !INDICATOR.has(c);
  if (p + 1 >= end) return false;
  const n = text[p + 1]!;
  return n !== " " && !(flow && ",[]{}".includes(n));
}

function restIsComment(text: string, p: number, end: number): void {
  let q = p;
  while (q < end && text.charCodeAt(q) === SP) q++;
  if (q < end && (text.charCodeAt(q) !== HASH || q === p)) unsupported();
}

/** The double-quoted escapes the fast path reads (YAML 1.2 §5.7, the same in JSON). */
const ESCAPES = new Map([
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ['"', '"'],
  ["\\", "\\"],
]);

/** One-line flow collections and quoted scalars. */
class FlowParser {
  constructor(private readonly text: string) {}

  value(p: number, end: number, depth: number): { value: Json; next: number } {
    if (depth > 100) unsupported();
    const c = this.text.charCodeAt(p);
    if (c === 123) return this.map(p + 1, end, depth + 1);
    if (c === 91) return this.seq(p + 1, end, depth + 1);
    if (c === 34 || c === 39) return this.quoted(p, end);
    return this.plain(p, end);
  }

  quoted(p: number, end: number): { value: string; next: number } {
    const t = this.text;
    const q = t[p]!;
    if (q === '"') return this.doubleQuoted(p, end);
    let out = "";
    for (let from = p + 1; ;) {
      let close = from;
      while (close < end && t[close] !== q) close++;
      if (close >= end) unsupported();
      out += t.slice(from, close);
      if (q === "'" && t[close + 1] === "'") {
        out += "'";
        from = close + 2;
        continue;
      }
      return { value: out, next: close + 1 };
    }
  }

  /**
   * A one-line double-quoted scalar; of YAML's escapes only those JSON shares with it (`\n`, `\t`,
   * `\r`, `\"`, `\\`, the ones generated manifests use) are read here, any other steps aside.
   */
  private doubleQuoted(p: number, end: number): { value: string; next: number } {
    const t = this.text;
    let out = "";
    let from = p + 1;
    for (let i = from; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === 34) return { value: out + t.slice(from, i), next: i + 1 };
      if (c !== 92) continue;
      const e = ESCAPES.get(t[i + 1] ?? "");
      if (e === undefined || i + 1 >= end) unsupported();
      out += t.slice(from, i) + e;
      from = ++i + 1;
    }
    unsupported();
  }

  private plain(p: number, end: number): { value: Json; next: number } {
    const t = this.text;
    if (!plainStart(t, p, end, true)) unsupported();
    let q = p;
    while (q < end && !",[]{}".includes(t[q]!)) {
      if (t[q] === "#") unsupported();
      // `: ` (or `:` before an indicator) ends a key; any other colon stays out of the fast path.
      if (t[q] === ":") {
        if (q + 1 === end || " ,[]{}".includes(t[q + 1]!)) break;
        unsupported();
      }
      q++;
    }
    const raw = t.slice(p, q).trimEnd();
    return { value: resolvePlain(raw) as Json, next: q };
  }

  private skip(p: number, end: number): number {
    while (p < end && this.text.charCodeAt(p) === SP) p++;
    return p;
  }

  /** After an entry: `,` (then maybe the closing bracket) or the closing bracket. */
  private after(p: number, end: number, close: string): { next: number; done: boolean } {
    p = this.skip(p, end);
    if (this.text[p] === close) return { next: p + 1, done: true };
    if (this.text[p] !== ",") unsupported();
    p = this.skip(p + 1, end);
    if (this.text[p] === close) return { next: p + 1, done: true };
    return { next: p, done: false };
  }

  private map(p: number, end: number, depth: number): { value: Json; next: number } {
    const out: { [k: string]: Json } = {};
    p = this.skip(p, end);
    if (this.text[p] === "}") return { value: out, next: p + 1 };
    for (;;) {
      const quotedKey = this.text[p] === '"' || this.text[p] === "'";
      const k = this.value(p, end, depth);
      if (typeof k.value === "object" || k.value === null) unsupported();
      const name = quotedKey ? (k.value as string) : jsonKey(k.value);
      if (name in out || (!quotedKey && name === "<<")) unsupported();
      p = this.skip(k.next, end);
      if (this.text[p] !== ":") unsupported();
      p++;
      if (!quotedKey && this.text[p] !== " ") unsupported();
      p = this.skip(p, end);
      const c = this.text[p];
      let value: Json = null;
      if (c !== "," && c !== "}") {
        const v = this.value(p, end, depth);
        value = v.value;
        p = v.next;
      }
      out[name] = value;
      const a = this.after(p, end, "}");
      p = a.next;
      if (a.done) return { value: out, next: p };
    }
  }

  private seq(p: number, end: number, depth: number): { value: Json; next: number } {
    const out: Json[] = [];
    p = this.skip(p, end);
    if (this.text[p] === "]") return { value: out, next: p + 1 };
    for (;;) {
      const v = this.value(p, end, depth);
      out.push(v.value);
      const a = this.after(v.next, end, "]");
      p = a.next;
      if (a.done) return { value: out, next: p };
    }
  }
}
