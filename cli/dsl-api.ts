/** The language front end the CLI uses (dsl/index.ts): parse + check + compile, and formatting. */
import { formatSource, loadPlan, type Diagnostic, type Plan } from "../dsl/index.js";
import type { FsSourceHost } from "./source-host.js";

export interface DslApi {
  loadPlan(
    files: string[],
    host: FsSourceHost,
  ): { plan: Plan; diagnostics: Diagnostic[]; sources: Map<string, string> };
  formatSource(text: string, file: string): { output?: string; diagnostics: Diagnostic[] };
}

export async function loadDsl(): Promise<DslApi> {
  return { loadPlan, formatSource };
}
