import type { ItemNode, SpecFile, Statement } from "./ast.js";
import type { Diagnostic } from "./diagnostic.js";
import { unparsableBlock } from "./format-guard.js";
import { parseSource } from "./parse.js";

/** A block string spanning lines: where its quotes are (0-based line and column). */
interface BlockAt {
  openCol: number;
  endLine: number;
  closeCol: number;
}

/**
 * The multi-line block strings by the line their opening quotes are on, as the parser found them:
 * counting quotes line by line cannot tell `" """` (a string, then a block) from `"" ""` and so on
 * (found by fuzzing: such lines made fmt add lines on every run).
 */
function blockStrings(ast: SpecFile): Map<number, BlockAt> {
  const out = new Map<number, BlockAt>();
  const item = (it: ItemNode): void => {
    if (it.$type === "BlockString" && it.$span.endLine > it.$span.line)
      out.set(it.$span.line - 1, {
        openCol: it.$span.column - 1,
        endLine: it.$span.endLine - 1,
        closeCol: it.$span.endColumn - 4,
      });
    else if (it.$type === "List") it.items.flat().forEach(item);
    else if (it.$type === "Call") it.args.flat().forEach(item);
  };
  const statement = (st: Statement): void => {
    st.items.forEach(item);
    st.block?.forEach(statement);
  };
  ast.statements.forEach(statement);
  return out;
}

/**
 * Canonical layout, line based so comments survive: re-indents by brace depth (2 spaces), collapses
 * runs of spaces outside strings, trims trailing whitespace and keeps block strings verbatim
 * (re-indented one level deeper than the statement that opens them, trailing spaces kept: they can be
 * YAML content). Reach-matrix rows are aligned. A block string that does not parse (a tab in its
 * indentation, invalid YAML) is never rewritten; a warning says so.
 */
export function formatSource(text: string, file: string): { output?: string; diagnostics: Diagnostic[] } {
  const parsed = parseSource(text, file);
  if (!parsed.ast || parsed.diagnostics.some((d) => d.severity === "error"))
    return { diagnostics: parsed.diagnostics };
  const out: string[] = [];
  let depth = 0;
  const lines = text.split("\n");
  const blocks = blockStrings(parsed.ast);
  let blank = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === "") {
      blank++;
      continue;
    }
    if (blank > 0 && out.length > 0) out.push("");
    blank = 0;
    const opens = line.startsWith("}") ? 1 : 0;
    const pad = "  ".repeat(Math.max(0, depth - opens));
    const block = blocks.get(i);
    if (block) {
      // Multi-line block string: copy its body with the common indentation re-based.
      const lead = raw.length - raw.trimStart().length;
      const tq = block.openCol - lead;
      let j = block.endLine;
      let q = block.closeCol;
      const body = lines.slice(i + 1, j);
      // Another block opening on the closing line continues the region.
      let chained = false;
      for (let next = blocks.get(j); next; next = blocks.get(j)) {
        chained = true;
        j = next.endLine;
        q = next.closeCol;
      }
      if (chained || line.slice(tq + 3).trim() !== "") {
        // Text right after the opening quotes is part of the block and counts in its indentation:
        // re-indenting anything would change the text, so such a block is kept exactly as written,
        // the opening line's trailing blanks included when they follow text of the block (found by
        // fuzzing: trimming `"""e ` changed the block's value).
        const opening = line.slice(tq + 3).trim() ? raw : raw.trimEnd();
        out.push(opening, ...lines.slice(i + 1, j + 1));
        depth += delta(line.slice(0, tq)) + delta(lines[j]!.slice(q + 3));
        i = j;
        continue;
      }
      const last = lines[j]!;
      const kept = unparsableBlock(file, line, body, last.slice(0, q), i + 1);
      if (kept) {
        // Re-indenting a block that does not parse could change what it means: it stays as written.
        parsed.diagnostics.push(kept);
        out.push(pad + normalise(line), ...body, last);
        depth += delta(last.slice(q + 3));
        i = j;
        continue;
      }
      out.push(pad + normalise(line), ...rebased(body, last.slice(0, q), last.slice(q).trim(), pad));
      depth += delta(last.slice(q + 3));
      i = j;
      continue;
    }
    out.push(pad + normalise(line));
    depth += delta(line);
  }
  return { output: alignMatrices(out, file).join("\n") + "\n", diagnostics: parsed.diagnostics };
}

/**
 * A block's body and closing line one level deeper than `pad`, its common indentation re-based.
 * Text before the closing quotes (`tail`) is the block's last line: it is re-indented with the body
 * (the parser strips the common indentation of all of them), and the quotes stay attached to it.
 */
function rebased(body: string[], before: string, closing: string, pad: string): string[] {
  const out: string[] = [];
  const tail = before.trim() ? before : undefined;
  const indent = Math.min(
    ...[...body, ...(tail === undefined ? [] : [tail])]
      .filter((b) => b.trim())
      .map((b) => /^[ \t]*/.exec(b)![0].length),
    Infinity,
  );
  const inner = pad + "  ";
  // Verbatim apart from the indentation: trailing spaces can be YAML content (block scalars).
  const rebase = (b: string) => inner + b.slice(Number.isFinite(indent) ? indent : 0);
  // A whitespace-only line keeps what lies beyond the common indentation (YAML may count it).
  for (const b of body)
    out.push(b.trim() ? rebase(b) : b.slice(Number.isFinite(indent) ? indent : 0) ? rebase(b) : "");
  if (tail !== undefined) out.push(rebase(tail) + normalise(closing));
  else out.push(pad + normalise(closing));
  return out;
}

/** Net brace depth change of a line, ignoring strings and comments. */
function delta(line: string): number {
  let d = 0;
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inStr = !inStr;
    else if (!inStr && c === "#") break;
    else if (!inStr && c === "{") d++;
    else if (!inStr && c === "}") d--;
  }
  return d;
}

/** Collapses whitespace outside strings and before comments; one space before `#`. */
function normalise(line: string): string {
  let out = "";
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"' && line[i - 1] !== "\\") inStr = !inStr;
    if (!inStr && c === "#") {
      out = out.trimEnd();
      return (out ? out + " " : "") + line.slice(i).trimEnd();
    }
    if (!inStr && (c === " " || c === "\t")) {
      if (!out.endsWith(" ")) out += " ";
      continue;
    }
    out += c;
  }
  return out.trimEnd();
}

/** Aligns the columns of consecutive matrix rows (`ns/pod` followed only by `.`, `X` and `-` cells). */
function alignMatrices(lines: string[], file: string): string[] {
  // Lines of block strings are their text, not rows (found by fuzzing: `apply """ - ` lost the blank
  // after `-` as a one-row matrix, and YAML lines such as `name: x` would be realigned).
  const inBlock = new Set<number>();
  const ast = parseSource(lines.join("\n"), file).ast;
  if (ast) for (const [open, b] of blockStrings(ast)) for (let l = open; l <= b.endLine; l++) inBlock.add(l);
  const isRow = (l: string, i: number) => !inBlock.has(i) && /^\s*\S+(\s+[.Xx-])+\s*$/.test(l);
  const out = [...lines];
  for (let i = 0; i < out.length;) {
    if (!isRow(out[i]!, i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && isRow(out[j]!, j)) j++;
    const rows = out.slice(i, j).map((l) => l.trim().split(/\s+/));
    const pad = /^\s*/.exec(out[i]!)![0];
    const w = Math.max(...rows.map((r) => r[0]!.length));
    // Cells are padded to the widest row label so each column sits under a pod name of the header.
    for (let k = 0; k < rows.length; k++)
      out[i + k] = (
        pad +
        rows[k]![0]!.padEnd(w) +
        " " +
        rows[k]!.slice(1)
          .map((c) => c.padEnd(w))
          .join(" ")
      ).trimEnd();
    i = j;
  }
  return out;
}
