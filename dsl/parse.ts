import type { Diagnostic } from "./diagnostic.js";
import type { SpecFile } from "./ast.js";
import { parse, SyntaxError as PegSyntaxError } from "./parser.generated.js";

interface PegError {
  message: string;
  location: {
    start: { line: number; column: number; offset: number };
    end: { line: number; column: number; offset: number };
  };
}

/** Parses one file. Recoverable errors (junk on a line, unterminated strings) come back with a partial AST. */
export function parseSource(text: string, file: string): { ast?: SpecFile; diagnostics: Diagnostic[] } {
  try {
    const ast = parse(text, { grammarSource: file }) as SpecFile;
    const diagnostics: Diagnostic[] = ast.errors.map((e) => ({
      code: e.code,
      severity: "error",
      message: e.message,
      span: e.span,
      notes: [],
    }));
    return { ast, diagnostics };
  } catch (err) {
    if (!(err instanceof (PegSyntaxError as unknown as typeof Error))) throw err;
    const e = err as unknown as PegError;
    const l = e.location;
    return {
      diagnostics: [
        {
          code: "parse/unexpected-token",
          severity: "error",
          message: e.message,
          span: {
            file,
            line: l.start.line,
            column: l.start.column,
            offset: l.start.offset,
            endLine: l.end.line,
            endColumn: l.end.column,
            endOffset: l.end.offset,
          },
          notes: [],
        },
      ],
    };
  }
}
