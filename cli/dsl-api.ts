/**
 * The language front end the CLI uses (dsl/index.ts): parse + check + compile, and formatting. The
 * checker is told the faults the engine implements (engine/faults/catalog.ts), so `fault NAME` is
 * checked against the one list the engine, `netspec explain` and docs/faults.md share.
 */
import {
  formatSource,
  loadPlan,
  type Diagnostic,
  type KnownFault,
  type Plan,
  type SourceHost,
} from "../dsl/index.js";
import { FAULT_CATALOG } from "../engine/index.js";

export interface DslApi {
  loadPlan(
    files: string[],
    host: SourceHost,
    options?: { variables?: Record<string, string> },
  ): { plan: Plan; diagnostics: Diagnostic[]; sources: Map<string, string> };
  formatSource(text: string, file: string): { output?: string; diagnostics: Diagnostic[] };
}

/** The faults of the engine's catalog, as the checker takes them. */
export const ENGINE_FAULTS: readonly KnownFault[] = FAULT_CATALOG.map((f) => ({
  name: f.name,
  args: f.args,
  summary: f.meaning,
}));

export async function loadDsl(): Promise<DslApi> {
  return {
    loadPlan: (files, host, options) =>
      loadPlan(files, host, { faults: ENGINE_FAULTS, variables: options?.variables }),
    formatSource,
  };
}
