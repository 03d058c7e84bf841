/**
 * A file's documents for the fast path (fast-yaml.ts): split on `---` lines and parsed one at a time,
 * so a large stream's values die young, with where the full parser must take over when a document
 * is outside the subset.
 */
import { SPECIAL, Unsupported, parseDoc, unsupported, type FastDocument, type RawDoc } from "./fast-yaml.js";

const SP = 32;
const HASH = 35;

/** Splits on `---` lines; returns undefined when the file needs the full parser. */
export function fastDocuments(text: string): FastDocument[] | undefined {
  if (!fastCandidate(text)) return undefined;
  try {
    return [...fastDocumentStream(text, { restart: 0 })];
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** Whether the text may be in the subset at all (no character the subset refuses anywhere). */
export function fastCandidate(text: string): boolean {
  return !SPECIAL.test(text);
}

/**
 * The documents one at a time, each parsed only when the one before has been consumed, so a large
 * stream's values die young. Throws `Unsupported` at the first document outside the subset, with
 * `at.restart` set to where the full parser must start: the document before that one (or 0). A
 * document is handed out only once the next one has been read, because the yaml package hangs an
 * error met in a document's text on the document before it (its composer yields the previous
 * document when the next one ends); the documents handed out are exactly what the whole file gives.
 */
export function* fastDocumentStream(text: string, at: { restart: number }): Generator<FastDocument> {
  const splitAt = { restart: 0 };
  let pending: FastDocument | undefined;
  try {
    for (const raw of split(text, splitAt)) {
      const d = parseDoc(text, raw);
      if (pending) yield pending;
      pending = d;
    }
  } catch (e) {
    if (e instanceof Unsupported) at.restart = pending ? pending.slice[0] : splitAt.restart;
    throw e;
  }
  if (pending) yield pending;
}

/** Splits on `---` lines, yielding each document once its text ends; `at.restart` is its start. */
function* split(text: string, at: { restart: number }): Generator<RawDoc> {
  let current: RawDoc | undefined;
  at.restart = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (text.startsWith("---", start) && (end === start + 3 || text.charCodeAt(start + 3) === SP)) {
      if (text.slice(start + 3, end).trim() !== "") unsupported();
      if (current) {
        current.slice[1] = start;
        yield current;
      }
      current = { lines: [], marker: start, slice: [start, text.length] };
      at.restart = start;
    } else {
      const c = text.charCodeAt(start);
      if (c === 37 /* % */ || (text.startsWith("...", start) && !/\S/.test(text[start + 3] ?? "")))
        unsupported();
      let content = start;
      while (content < end && text.charCodeAt(content) === SP) content++;
      if (content < end && text.charCodeAt(content) !== HASH) {
        current ??= { lines: [], marker: -1, slice: [0, text.length] };
        current.lines.push({ start, indent: content - start, content, end });
      }
    }
    start = end + 1;
  }
  if (current) yield current;
}
