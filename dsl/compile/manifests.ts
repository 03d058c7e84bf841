/**
 * Where manifests come from (`apply` steps and `expect apply` probes): an inline `"""yaml"""` block,
 * `file "x.yaml"` or `dir "manifests"`. Files are read here, through the loader's one reader, so the
 * Plan carries their text and the scope checks see what they define (YAML and JSON alike).
 */
import type { ItemNode } from "../ast.js";
import { SourceFiles } from "../files.js";
import type { ApplySource, ManifestText } from "../plan.js";
import type { Span } from "../span.js";
import { type Cursor, type Pattern, pattern, textOf } from "./pattern.js";
import { checkYaml } from "./yaml-check.js";

/** An inline block's text, placed in the `.netspec` file where it is written. */
export function inlineText(b: ItemNode & { $type: "BlockString" }, file: string): ManifestText {
  return { path: file, text: b.value, line: b.line, column: b.column };
}

/** `"""yaml""" | file "PATH" | dir "PATH"`; undefined (reported) when it is none of them. */
export const applySource: Pattern<ApplySource | undefined> = pattern(
  '"""yaml""" | file "PATH" | dir "PATH"',
  (c) => {
    const first = c.peek();
    const kind = textOf(first);
    const rel = textOf(c.peek(1));
    if (first?.$type === "BlockString") {
      c.i++;
      const m = inlineText(first, c.st.$span.file);
      if (checkYaml(m, c.session, first)) c.ctx.scope?.addYaml(m.text);
      return { kind: "inline", manifest: m };
    }
    if ((kind === "file" || kind === "dir") && rel !== undefined) {
      const span = c.spanAt(1);
      c.i += 2;
      const p = SourceFiles.resolve(c.st.$span.file, rel);
      const manifests = kind === "file" ? readFile(c, p, rel, span) : readDir(c, p, rel, span);
      for (const m of manifests) if (checkYaml(m, c.session)) c.ctx.scope?.addYaml(m.text);
      return { kind, path: p, manifests };
    }
    c.session.error(
      "check/expected",
      `\`${c.st.head}\` expects file "path", dir "path" or """yaml"""`,
      c.st.$span,
    );
    return undefined;
  },
);

function readFile(c: Cursor, p: string, rel: string, span: Span): ManifestText[] {
  const m = c.ctx.files.manifestFile(p);
  if (!m) c.session.error("check/missing-file", `file ${rel} does not exist (looked for ${p})`, span);
  return m ? [m] : [];
}

function readDir(c: Cursor, p: string, rel: string, span: Span): ManifestText[] {
  const dir = c.ctx.files.manifestDir(p);
  if (!dir) {
    c.session.error("check/missing-file", `directory ${rel} does not exist (looked for ${p})`, span);
    return [];
  }
  for (const f of dir.unreadable)
    c.session.error("check/unreadable-file", `cannot read manifest file ${f}`, span);
  return dir.manifests;
}
