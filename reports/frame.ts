/**
 * Plain code frames for run-time failures, in the diagnostics renderer's style:
 *   --> file:line:col
 *    |
 * 12 |     answer == [...]
 *    |     ^^^^^^
 */
import type { Span } from "../dsl/index.js";

export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  cyan(s: string): string;
}

export const noPaint: Paint = { red: id, green: id, yellow: id, dim: id, bold: id, cyan: id };
function id(s: string): string {
  return s;
}

export function location(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

export function codeFrame(span: Span, source: string | undefined, paint: Paint = noPaint): string {
  const lines = [`  ${paint.dim("-->")} ${location(span)}`];
  const text = source?.split(/\r?\n/)[span.line - 1];
  if (text === undefined) return lines.join("\n");
  const gutter = String(span.line).length;
  const pad = " ".repeat(gutter);
  const width =
    span.endLine === span.line
      ? Math.max(1, span.endColumn - span.column)
      : Math.max(1, text.length - span.column + 1);
  lines.push(`${pad} ${paint.dim("|")}`);
  lines.push(`${paint.dim(String(span.line))} ${paint.dim("|")} ${text}`);
  lines.push(`${pad} ${paint.dim("|")} ${" ".repeat(span.column - 1)}${paint.red("^".repeat(width))}`);
  return lines.join("\n");
}
