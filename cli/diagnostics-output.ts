/** Prints diagnostics with the shared renderer (reports/diagnostics.ts) and counts them. */
import type { Diagnostic } from "../dsl/index.js";
import { renderDiagnostics, workflowCommand } from "../reports/index.js";

export async function printDiagnostics(
  diagnostics: Diagnostic[],
  sources: Map<string, string>,
  out: { write(text: string): unknown },
  color: boolean,
): Promise<{ errors: number; warnings: number }> {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length) out.write(`${renderDiagnostics(diagnostics, sources, { color })}\n`);
  return { errors, warnings };
}

/** GitHub Actions annotations (`::error file=…,line=…,col=…,title=…::message`), one per diagnostic. */
export function diagnosticAnnotations(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) =>
      workflowCommand(
        d.severity,
        d.span,
        d.code,
        [d.message, ...(d.help ? [`help: ${d.help}`] : [])].join("\n"),
      ),
    )
    .join("");
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
