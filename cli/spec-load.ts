/**
 * Loading spec files for `check`, `run` and `list`: the language's parse + check + compile, then the
 * engine's checks of what the specs embed (cli/spec-checks.ts), as one list of diagnostics.
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
 * `engine`: also parse Corefiles and admit manifests, in every file the parser could read whole (a
 * file with a parse error has statements cut short: its plan says too little to check further).
 */
export async function loadSpecs(
  files: string[],
  host: SourceHost,
  options: { engine: boolean; variables?: Record<string, string> },
): Promise<LoadedSpecs> {
  const dsl = await loadDsl();
  const { plan, diagnostics, sources } = dsl.loadPlan(files, host, { variables: options.variables });
  const errored = (code: RegExp) =>
    new Set(diagnostics.filter((d) => d.severity === "error" && code.test(d.code)).map((d) => d.span?.file));
  const unparsed = errored(/^parse\//);
  const checked = errored(/./);
  const clean: Plan = { files: plan.files.filter((f) => !unparsed.has(f.file)) };
  // A cluster block the language refused is not the engine's to refuse again.
  const extra = options.engine
    ? engineChecks(clean).filter((d) => !(d.code === "cluster/invalid" && checked.has(d.span?.file)))
    : [];
  const all = [...diagnostics, ...extra];
  return { plan, diagnostics: all, sources, errors: all.filter((d) => d.severity === "error").length };
}
