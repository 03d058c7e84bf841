import type { Span } from "./span.js";

/** Severity of a diagnostic. Errors stop a file from running; warnings are reported only. */
export type Severity = "error" | "warning";

/** A secondary location or remark attached to a diagnostic. */
export interface DiagnosticNote {
  message: string;
  span?: Span;
}

/**
 * The one shape every user-facing problem takes, from the parser, the checker, manifest intake or a
 * target. `code` is stable (`parse/unexpected-token`, `check/unknown-service`, `run/...`, `target/...`)
 * so tests and tools can match on it.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span?: Span;
  notes: DiagnosticNote[];
  help?: string;
}
