/**
 * `netspec fmt` re-indents block strings; that is only safe for text that parses, because the common
 * indentation the parser strips is what YAML nesting is measured from. A block with a tab in its
 * indentation, or a YAML block (anything but `corefile` and `node-resolv-conf`) that YAML rejects,
 * is left exactly as written and reported as a warning.
 */
import { parseAllDocuments } from "yaml";
import type { Diagnostic } from "./diagnostic.js";

/** Statement heads whose block string is not YAML. */
const TEXT_BLOCKS = new Set(["corefile", "node-resolv-conf"]);

/**
 * A warning when the block opened on `opening` (1-based line `line` of `file`) must be kept verbatim; `body`
 * are its lines and `tail` the text before the closing quotes.
 */
export function unparsableBlock(
  file: string,
  opening: string,
  body: string[],
  tail: string,
  line: number,
): Diagnostic | undefined {
  const lines = [...body, ...(tail.trim() ? [tail] : [])];
  const tab = lines.findIndex((l) => l.trim() !== "" && /^[ \t]*/.exec(l)![0].includes("\t"));
  const head = opening.trim().split(/\s+/)[0] ?? "";
  let reason: string | undefined;
  if (tab >= 0) reason = "a tab in its indentation";
  else if (!TEXT_BLOCKS.has(head)) {
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length), Infinity);
    const text = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join("\n");
    let docs;
    try {
      docs = parseAllDocuments(text);
    } catch {
      docs = undefined;
    }
    const list = docs === undefined ? [] : Array.isArray(docs) ? docs : [docs];
    if (docs === undefined || list.some((d) => d.errors.length > 0)) reason = "YAML that does not parse";
  }
  if (!reason) return undefined;
  const col = opening.indexOf('"""') + 1;
  return {
    code: "fmt/kept-block",
    severity: "warning",
    message: `block string left as written: ${reason} (\`netspec check\` says where)`,
    span: { file, line, column: col, offset: 0, endLine: line, endColumn: col + 3, endOffset: 0 },
    notes: [],
  };
}
