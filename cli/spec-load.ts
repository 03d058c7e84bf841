/**
 * Loading spec files for `check`, `run`, `list` and the language server: the language's parse +
 * check + compile, then the engine's checks of what the specs embed (cli/spec-checks.ts), as one list
 * of diagnostics.
 */
import type { Diagnostic, Plan, SourceHost } from "../dsl/index.js";
import { loadDsl } from "./dsl-api.js";
import { engineChecks } from "./spec-checks.js";

export interface LoadedSpecs {
  plan: Plan;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  errors: number;
}

/**
 * The engine's checks of a loaded plan, in every file the parser could read whole (a file with a
 * parse error has statements cut short: its plan says too little to check further). A cluster block
 * the language already refused is not the engine's to refuse again.
 */
export function engineDiagnostics(plan: Plan, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const errored = (code: RegExp) =>
    new Set(diagnostics.filter((d) => d.severity === "error" && code.test(d.code)).map((d) => d.span?.file));
  const unparsed = errored(/^parse\//);
  const checked = errored(/./);
  const clean: Plan = { files: plan.files.filter((f) => !unparsed.has(f.file)) };
  return engineChecks(clean).filter((d) => !(d.code === "cluster/invalid" && checked.has(d.span?.file)));
}

/** `engine`: also parse Corefiles and admit manifests (engineDiagnostics). */
export async function loadSpecs(
  files: string[],
  host: SourceHost,
  options: { engine: boolean; variables?: Record<string, string> },
): Promise<LoadedSpecs> {
  const dsl = await loadDsl();
  const { plan, diagnostics, sources } = dsl.loadPlan(files, host, { variables: options.variables });
  const all = [...diagnostics, ...(options.engine ? engineDiagnostics(plan, diagnostics) : [])];
  return { plan, diagnostics: all, sources, errors: all.filter((d) => d.severity === "error").length };
}
