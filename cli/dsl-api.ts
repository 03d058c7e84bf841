/**
 * The language front end's API (dsl/index.ts), loaded at run time so the CLI builds while dsl/ is
 * still landing. Its signatures are agreed; a missing function fails loudly.
 */
import type { Diagnostic, Plan } from "../dsl/index.js";
import type { FsSourceHost } from "./source-host.js";

export interface DslApi {
  loadPlan(
    files: string[],
    host: FsSourceHost,
  ): { plan: Plan; diagnostics: Diagnostic[]; sources: Map<string, string> };
  formatSource(text: string, file: string): { output?: string; diagnostics: Diagnostic[] };
}

export class MissingFrontEndError extends Error {}

export async function loadDsl(): Promise<DslApi> {
  const mod = (await import("../dsl/index.js")) as Partial<DslApi>;
  if (typeof mod.loadPlan !== "function" || typeof mod.formatSource !== "function")
    throw new MissingFrontEndError(
      "the netspec language front end (dsl/) does not export loadPlan/formatSource yet",
    );
  return mod as DslApi;
}
