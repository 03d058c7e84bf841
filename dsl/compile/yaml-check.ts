/**
 * The checks a manifest text gets at check time: it parses as YAML, and each document names itself.
 * Inline blocks and `apply file`/`dir` files alike; positions are in the file the text is in (the
 * `.netspec` file for inline blocks, with the block's stripped indentation added back).
 *
 * One mistake, one error: YAML's parser reports every token it could not place after the first
 * problem (one tab in the indentation gave 33 errors), so only each document's first error is
 * reported, and a tab in an inline block's indentation is reported before YAML sees the text (the
 * block's common indentation is then wrong for every line, which no YAML error would say).
 */
import { parseAllDocuments } from "yaml";
import type { BlockStringNode } from "../ast.js";
import type { ManifestText } from "../plan.js";
import { checkPodPortability } from "./pod-status-check.js";
import type { Span } from "../span.js";
import type { Session } from "./session.js";
import { spanIn, tabIndent } from "./text-position.js";

/** The YAML library appends `at line L, column C:` and a frame of its own: we give the position. */
export function yamlMessage(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?\s*$/, "");
}

/**
 * An inline block's value ends with a newline its file may not have (an unclosed `"""` at the end of
 * the file): an end-of-input error one line further stays on the block's last line (found by fuzzing:
 * it pointed past the file).
 */
function inBlock(at: Span, block: BlockStringNode | undefined): Span {
  const last = block?.$span.endLine;
  return last === undefined || at.line <= last
    ? at
    : { ...at, line: last, column: 1, endLine: last, endColumn: 2 };
}

/**
 * Reports the first YAML error of each document at its line and column, and documents without
 * kind/metadata.name; returns false when the text does not parse (nothing else should read it).
 */
export function checkYaml(
  m: ManifestText,
  session: Session,
  block?: BlockStringNode,
  objects = true,
): boolean {
  const tab = block ? tabIndent(block.raw) : undefined;
  if (block && tab) {
    // Positions in the raw block: its first line continues the line of the opening quotes.
    const line = block.$span.line + tab.line - 1;
    const column = tab.line === 1 ? block.$span.column + 3 + tab.column - 1 : tab.column;
    session.error(
      "check/tab-indent",
      "a tab in the indentation of an inline manifest (YAML indents with spaces only)",
      { file: m.path, line, column, offset: 0, endLine: line, endColumn: column + 1, endOffset: 0 },
      "indent the block with spaces",
    );
    return false;
  }
  let docs;
  try {
    docs = parseAllDocuments(m.text);
  } catch {
    return false;
  }
  let ok = true;
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const e = d.errors[0];
    if (e) {
      ok = false;
      const [l, c] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
      session.error(
        "check/invalid-yaml",
        `invalid YAML: ${yamlMessage(e.message)}`,
        inBlock(spanIn(m, l, c, 1), block),
      );
      continue;
    }
    let o: { kind?: unknown; metadata?: { name?: unknown } } | null;
    try {
      o = d.toJS() as typeof o;
    } catch (err) {
      // Only building the value finds some errors: an alias used as a key before its anchor, or
      // more aliases than the library resolves (found by fuzzing: it escaped as a ReferenceError).
      // Patches too: their text is built the same way when the step runs (run/internal before).
      const before = m.text.slice(0, d.range[0]).split("\n");
      const at = spanIn(m, before.length, before.at(-1)!.length + 1, 1);
      session.error("check/invalid-yaml", `invalid YAML: ${yamlMessage((err as Error).message)}`, at);
      ok = false;
      continue;
    }
    if (!objects) continue;
    checkPodPortability(m, d, session);
    if (o === null || o === undefined) continue;
    if (typeof o !== "object" || !o.kind || !o.metadata?.name) {
      const start = d.contents?.range?.[0] ?? 0;
      const before = m.text.slice(0, start).split("\n");
      session.error(
        "check/incomplete-manifest",
        "manifest needs `kind` and `metadata.name`",
        spanIn(m, before.length, before.at(-1)!.length + 1, 1),
      );
    }
  }
  return ok;
}
