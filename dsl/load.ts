/**
 * The loader: parse, check and compile every file into one Plan, through the passes of
 * dsl/compile/passes/ (read a spec, follow its imports, compile its statements, report). Every user
 * file (specs, imports, manifests, Corefiles, `file=` fault arguments) is read once, here, through
 * the injected host (dsl/files.ts): nothing else reads them.
 */
import { DEFAULT_FAULTS } from "./builtins.js";
import type { Ctx } from "./compile/context.js";
import { compileFile } from "./compile/passes/compile-file.js";
import { resolveImports } from "./compile/passes/imports.js";
import { type Parsed, readSpec } from "./compile/passes/read-spec.js";
import { reportDiagnostics } from "./compile/passes/report.js";
import { type KnownFault, Session } from "./compile/session.js";
import { dispatch } from "./compile/table.js";
import type { Diagnostic } from "./diagnostic.js";
import { SourceFiles } from "./files.js";
import type { Plan } from "./plan.js";
import type { SourceHost } from "./source-host.js";

/** What the checker is told from outside the language. */
export interface LoadOptions {
  /**
   * The faults `fault`/`heal` accept. The CLI passes the engine's catalog; the default is the
   * language's copy of it (dsl/builtins.ts, kept equal by test/dsl/builtin-faults.test.ts).
   */
  faults?: readonly KnownFault[];
  /** Values of `${NAME}` in specs and inline manifests; a name without one is a check error. */
  variables?: Readonly<Record<string, string>>;
}

/** Parse + check + compile every file; imports are followed (relative to the importing file) through `host`. */
export function loadPlan(
  files: string[],
  host: SourceHost,
  options: LoadOptions = {},
): { plan: Plan; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const session = new Session(options.faults ?? DEFAULT_FAULTS, options.variables);
  const reader = new SourceFiles(host);
  const ctx: Ctx = { session, files: reader, dispatch, scope: undefined, skipped: new WeakSet() };
  const parsed: Parsed = new Map();
  const plan: Plan = { files: [] };
  for (const file of files) {
    const ast = readSpec(file, reader, parsed, session);
    if (!ast) {
      if (!reader.sources.has(file))
        session.report("read", {
          code: "check/missing-file",
          severity: "error",
          message: `${file} does not exist`,
          notes: [],
        });
      continue;
    }
    const imported = resolveImports(ast, file, [file], ctx, parsed);
    plan.files.push({ file, suites: compileFile(ast, file, imported, ctx) });
  }
  return { plan, diagnostics: reportDiagnostics(session), sources: reader.sources };
}
