/**
 * Quick fixes for the checker's "did you mean `X`?": the diagnostic's range replaced by `X`. The
 * suggestion travels in the diagnostic's `data` (set when the server publishes it), so the fix is
 * exactly what the checker proposed.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node.js";

/** The word a help text proposes, if it proposes one. */
export function suggestionOf(help: string | undefined): string | undefined {
  return help ? /^did you mean `([^`]+)`\?$/.exec(help)?.[1] : undefined;
}

export function quickFixes(uri: string, diagnostics: LspDiagnostic[]): CodeAction[] {
  return diagnostics.flatMap((d) => {
    const word = (d.data as { suggestion?: string } | undefined)?.suggestion;
    if (!word) return [];
    return [
      {
        title: `Change to \`${word}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: d.range, newText: word }] } },
      },
    ];
  });
}
