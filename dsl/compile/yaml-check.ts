/** The checks an inline manifest gets at check time: it parses as YAML, and each document names itself. */
import { parseAllDocuments } from "yaml";
import type { ManifestText } from "../plan.js";
import type { Span } from "../span.js";
import type { Session } from "./session.js";

/** Reports YAML errors at their line in the `.netspec` file, and documents without kind/metadata.name. */
export function checkYaml(m: ManifestText, span: Span, session: Session): void {
  let docs;
  try {
    docs = parseAllDocuments(m.text);
  } catch {
    return;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    for (const e of d.errors) {
      const [l, c] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
      // The block's value ends with a newline the file may not have (an unclosed `"""` at the end of
      // the file): an end-of-input error one line further stays on the block's last line.
      const line = Math.min(m.line + l - 1, span.endLine);
      // Keep the caret on the line: the YAML parser reports end-of-input positions past its end, and
      // a blank line of an inline block has no stripped indentation to add back.
      const text = m.text.split("\n")[l - 1] ?? "";
      const column = text.trim() ? Math.min(c, text.length + 1) + m.column : 1;
      session.error("check/invalid-yaml", `invalid YAML: ${e.message.split("\n")[0]}`, {
        file: span.file,
        line,
        column,
        offset: span.offset,
        endLine: line,
        endColumn: column + 1,
        endOffset: span.offset,
      });
    }
    if (d.errors.length) continue;
    let o: { kind?: unknown; metadata?: { name?: unknown } } | null;
    try {
      o = d.toJS() as typeof o;
    } catch (e) {
      // Only building the value finds some errors: an alias used as a key before its anchor
      // (found by fuzzing: it escaped as a ReferenceError).
      const line = Math.min(m.line + m.text.slice(0, d.range[0]).split("\n").length - 1, span.endLine);
      const at = { ...span, line, column: 1, endLine: line, endColumn: 2 };
      session.error("check/invalid-yaml", `invalid YAML: ${(e as Error).message.split("\n")[0]}`, at);
      continue;
    }
    if (o === null || o === undefined) continue;
    if (typeof o !== "object" || !o.kind || !o.metadata?.name)
      session.error("check/incomplete-manifest", "manifest needs `kind` and `metadata.name`", span);
  }
}
