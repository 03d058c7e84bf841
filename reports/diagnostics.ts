/**
 * The one renderer for diagnostics (parser, checker, runner, targets), rustc/biome style:
 *
 *   error[parse/unexpected-token]: unexpected `@@`
 *    --> spec.netspec:3:5
 *     |
 *   3 |     @@ oops
 *     |     ^^
 *     = note: ...
 *     = help: did you mean `expect`?
 */
import pc from "picocolors";
import type { Diagnostic } from "../dsl/index.js";

export interface RenderOptions {
  color?: boolean;
}

export function renderDiagnostic(
  d: Diagnostic,
  source: string | undefined,
  opts: RenderOptions = {},
): string {
  const c = pc.createColors(opts.color ?? false);
  const sevColor = d.severity === "error" ? c.red : c.yellow;
  const out: string[] = [`${sevColor(c.bold(`${d.severity}[${d.code}]`))}${c.bold(`: ${d.message}`)}`];
  const s = d.span;
  const lines = source?.split("\n");
  const gutterWidth = s ? String(s.endLine).length : 1;
  const bar = c.blue(" ".repeat(gutterWidth) + " |");
  if (s) {
    out.push(`${" ".repeat(gutterWidth)}${c.blue("-->")} ${s.file}:${s.line}:${s.column}`);
    if (lines && s.line >= 1 && s.line <= lines.length) {
      out.push(bar);
      // Multi-line spans (a whole block) show only their first line: the start is what the reader needs.
      const last = s.line;
      for (let l = s.line; l <= last; l++) {
        const text = (lines[l - 1] ?? "").replace(/\t/g, " ");
        out.push(`${c.blue(String(l).padStart(gutterWidth) + " |")} ${text}`);
        const from = l === s.line ? s.column : 1 + (/^\s*/.exec(text)?.[0].length ?? 0);
        const to =
          l === s.endLine ? Math.max(s.endColumn, from + 1) : Math.max(text.trimEnd().length + 1, from + 1);
        if (text.trim() || l === s.line)
          out.push(`${bar} ${" ".repeat(from - 1)}${sevColor("^".repeat(Math.max(1, to - from)))}`);
      }
    }
  }
  for (const n of d.notes) {
    const where = n.span ? ` (${n.span.file}:${n.span.line}:${n.span.column})` : "";
    out.push(`${" ".repeat(gutterWidth)} ${c.blue("=")} ${c.bold("note")}: ${n.message}${where}`);
  }
  if (d.help) out.push(`${" ".repeat(gutterWidth)} ${c.blue("=")} ${c.bold(c.cyan("help"))}: ${d.help}`);
  return out.join("\n");
}

/** Every diagnostic, separated by blank lines, then a summary line (`2 errors, 1 warning`). */
export function renderDiagnostics(
  ds: Diagnostic[],
  sources: Map<string, string>,
  opts: RenderOptions = {},
): string {
  const parts = ds.map((d) => renderDiagnostic(d, d.span ? sources.get(d.span.file) : undefined, opts));
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  parts.push(`${plural(errors, "error")}, ${plural(warnings, "warning")}`);
  return parts.join("\n\n") + "\n";
}
