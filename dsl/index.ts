export type { Span } from "./span.js";
export type { Diagnostic, DiagnosticNote, Severity } from "./diagnostic.js";
export type * from "./plan.js";
export type { SourceHost } from "./compile.js";
export type { SpecFile, Statement, ItemNode } from "./ast.js";
export { parseSource } from "./parse.js";
export { loadPlan } from "./load.js";
export { formatSource } from "./format.js";
export { suggest } from "./suggest.js";
