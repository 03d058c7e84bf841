/**
 * The netspec language server (`netspec lsp`, LSP over stdio), built on the project's own parser and
 * checker: diagnostics as you type (exactly `netspec check`'s, for the open text, the engine's checks
 * of embedded manifests and Corefiles included when the CLI passes them in), quick fixes for every
 * "did you mean", hovers and completions from the statement table (statements, probes, subjects,
 * record types, rcodes, value functions, faults, and the pods and services the spec defines),
 * go-to-definition for imports, fixtures, applied manifest files and pods/services into the manifests
 * that define them, and whole-document formatting through the canonical formatter.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node.js";
import { CodeActionKind } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  DEFAULT_FAULTS,
  formatSource,
  loadPlan,
  type Category,
  type Diagnostic,
  type KnownFault,
  type Plan,
  type SourceHost,
} from "../dsl/index.js";
import { quickFixes, suggestionOf } from "./code-actions.js";
import { completionsAt } from "./completion.js";
import { hoverText } from "./hover-docs.js";
import { refAt, SpecObjects } from "./spec-objects.js";

export interface ServerOptions {
  /** The faults `fault`/`heal` accept (`netspec lsp` passes the engine's catalog). */
  faults?: readonly KnownFault[];
  /**
   * Checks beyond the language's, run on each check's Plan: `netspec lsp` passes the engine's
   * (Corefiles parsed, manifests admitted), so the editor shows what `netspec check` shows.
   */
  extraChecks?: (plan: Plan, diagnostics: readonly Diagnostic[]) => Diagnostic[];
}

const KINDS: Record<Category, CompletionItemKind> = {
  top: CompletionItemKind.Keyword,
  suite: CompletionItemKind.Keyword,
  step: CompletionItemKind.Keyword,
  setting: CompletionItemKind.Property,
  probe: CompletionItemKind.Keyword,
  subject: CompletionItemKind.Field,
  "record-type": CompletionItemKind.EnumMember,
  rcode: CompletionItemKind.EnumMember,
  function: CompletionItemKind.Function,
  fault: CompletionItemKind.Event,
};

/** Files as the editor has them (open documents) or as they are on disk. */
function hostFor(documents: TextDocuments<TextDocument>): SourceHost {
  return {
    readFile: (p) => {
      const open = documents.get(pathToFileURL(p).toString());
      if (open) return open.getText();
      return existsSync(p) && statSync(p).isFile() ? readFileSync(p, "utf8") : undefined;
    },
    isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
    listDir: (p) => readdirSync(p),
  };
}

function toLsp(d: Diagnostic): LspDiagnostic {
  const s = d.span!;
  const endLine = s.endLine ?? s.line;
  const endColumn = s.endColumn ?? s.column + 1;
  return {
    range: {
      start: { line: s.line - 1, character: s.column - 1 },
      end: { line: endLine - 1, character: Math.max(endColumn - 1, s.column) },
    },
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "netspec",
    message: [d.message, ...(d.help ? [`help: ${d.help}`] : [])].join("\n"),
    ...(suggestionOf(d.help) ? { data: { suggestion: suggestionOf(d.help) } } : {}),
  };
}

/** The word (and a following `(` for calls) under the cursor. */
function wordAt(text: string, offset: number): string | undefined {
  const isWord = (c: string | undefined) => !!c && /[A-Za-z0-9_.\-/:%*+]/.test(c);
  let a = offset;
  let b = offset;
  while (a > 0 && isWord(text[a - 1])) a--;
  while (b < text.length && isWord(text[b])) b++;
  if (a === b) return undefined;
  const w = text.slice(a, b);
  return text[b] === "(" ? `${w}(` : w;
}

export function startServer(
  connection: Connection = createConnection(ProposedFeatures.all),
  options: ServerOptions = {},
): void {
  const documents = new TextDocuments(TextDocument);
  const faults = options.faults ?? DEFAULT_FAULTS;
  /** The spec texts (the file and its imports) of each document's last check, for go-to-definition. */
  const loaded = new Map<string, Map<string, string>>();
  /** The objects each document's manifests define, from its last check. */
  const objects = new Map<string, SpecObjects>();

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Full,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [" "] },
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentFormattingProvider: true,
    },
  }));

  const validate = (doc: TextDocument) => {
    if (!doc.uri.startsWith("file:")) return;
    const file = fileURLToPath(doc.uri);
    const { plan, diagnostics, sources } = loadPlan([file], hostFor(documents), { faults });
    loaded.set(doc.uri, sources);
    objects.set(doc.uri, SpecObjects.of(plan));
    const all = [...diagnostics, ...(options.extraChecks?.(plan, diagnostics) ?? [])];
    connection.sendDiagnostics({
      uri: doc.uri,
      diagnostics: all.filter((d) => d.span?.file === file).map(toLsp),
    });
  };
  documents.onDidChangeContent((e) => validate(e.document));
  documents.onDidClose((e) => {
    loaded.delete(e.document.uri);
    objects.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    const word = wordAt(doc.getText(), doc.offsetAt(position));
    const text = word && hoverText(word, faults);
    return text ? { contents: { kind: "markdown", value: text } } : null;
  });

  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const names = objects.get(textDocument.uri)?.names();
    return completionsAt(doc.getText(), doc.offsetAt(position), faults, names).map((c) => ({
      label: c.label,
      kind: KINDS[c.category],
      detail: c.detail,
      documentation: { kind: "markdown" as const, value: c.documentation },
    }));
  });

  connection.onDefinition(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !doc.uri.startsWith("file:")) return null;
    const file = fileURLToPath(doc.uri);
    const lines = doc.getText().split("\n");
    const line = lines[position.line] ?? "";
    // `import "x"`, `apply file "x"`, `apply dir "x"`: the file itself.
    const path = /^\s*(?:import|apply\s+(?:file|dir)|expect\s+apply\s+file)\s+"([^"]+)"/.exec(line)?.[1];
    if (path) {
      const target = resolve(dirname(file), path);
      if (!existsSync(target)) return null;
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { uri: pathToFileURL(target).toString(), range };
    }
    // `pod NS/NAME`, `service NAME`: the manifest that defines it.
    const ref = refAt(line, position.character);
    const def = ref && objects.get(doc.uri)?.find(ref.kind, ref.key);
    if (def) {
      const at = { line: def.line - 1, character: def.column - 1 };
      return { uri: pathToFileURL(resolve(def.path)).toString(), range: { start: at, end: at } };
    }
    // `use NAME`: the fixture, in this file or an imported one.
    const fixture = /^\s*use\s+([\w.-]+)/.exec(line)?.[1];
    if (!fixture) return null;
    const candidates = [
      file,
      ...lines
        .flatMap((l) => /^\s*import\s+"([^"]+)"/.exec(l)?.[1] ?? [])
        .map((p) => resolve(dirname(file), p)),
    ];
    // Imported files as the last check read them (the loader is the one reader of spec files).
    const sources = loaded.get(doc.uri);
    for (const f of candidates) {
      const text = f === file ? doc.getText() : (sources?.get(f) ?? "");
      const at = text
        .split("\n")
        .findIndex((l) => new RegExp(`^\\s*fixture\\s+${fixture.replace(/[.-]/g, "\\$&")}\\b`).test(l));
      if (at >= 0)
        return {
          uri: pathToFileURL(f).toString(),
          range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } },
        };
    }
    return null;
  });

  connection.onCodeAction(({ textDocument, context }) => quickFixes(textDocument.uri, context.diagnostics));

  connection.onDocumentFormatting(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    const { output } = formatSource(doc.getText(), doc.uri);
    if (output === undefined || output === doc.getText()) return [];
    return [
      {
        range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) },
        newText: output,
      },
    ];
  });

  documents.listen(connection);
  connection.listen();
}
