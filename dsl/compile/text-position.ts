/**
 * Positions inside an embedded text (an inline YAML or Corefile block, or a manifest file) mapped to
 * the file the user edits: an inline block's lines start `m.line` lines down and lost `m.column`
 * columns of indentation when the parser stripped it; a file's text starts at its line 1, column 1.
 */
import type { ManifestText } from "../plan.js";
import type { Span } from "../span.js";

/**
 * The span of text-relative line `l`, column `c` (both 1-based) in `m`'s file. Without `width` the
 * span covers the word there (up to the next blank), so the caret underlines the offending token.
 * The column is kept on the line: parsers report end-of-input positions past its end.
 */
export function spanIn(m: ManifestText, l: number, c: number, width?: number): Span {
  const lines = m.text.split("\n");
  const row = Math.min(Math.max(1, l), Math.max(1, lines.length));
  const text = lines[row - 1] ?? "";
  const col = text.trim() ? Math.min(Math.max(1, c), text.length + 1) : 1;
  const word = /^\S*/.exec(text.slice(col - 1))![0].length;
  const w = Math.max(1, width ?? word);
  const line = m.line + row - 1;
  const column = text.trim() ? col + m.column : 1;
  return { file: m.path, line, column, offset: 0, endLine: line, endColumn: column + w, endOffset: 0 };
}

/** The first tab in a line's leading whitespace, text-relative (1-based), if any. */
export function tabIndent(text: string): { line: number; column: number } | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lead = /^[ \t]*/.exec(lines[i]!)![0];
    const at = lead.indexOf("\t");
    if (at >= 0 && lines[i]!.trim()) return { line: i + 1, column: at + 1 };
  }
  return undefined;
}
