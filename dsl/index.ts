export type { Span } from "./span.js";
export type { Diagnostic, DiagnosticNote, Severity } from "./diagnostic.js";
export type * from "./plan.js";
