export type { Span } from "./span.js";
export type { Diagnostic, DiagnosticNote, Severity } from "./diagnostic.js";
export type * from "./plan.js";
export type { SourceHost } from "./source-host.js";
export type { SpecFile, Statement, ItemNode } from "./ast.js";
export type { KnownFault } from "./compile/session.js";
export { parseSource } from "./parse.js";
export { loadPlan, type LoadOptions } from "./load.js";
export { formatSource } from "./format.js";
export { suggest } from "./suggest.js";
export { DEFAULT_FAULTS } from "./builtins.js";
export {
  LANGUAGE,
  MATCHER_SYNTAX,
  PLACEHOLDERS,
  faultEntries,
  type Category,
  type LanguageEntry,
} from "./compile/language.js";
export { KEYWORDS } from "./compile/keywords.js";
export { manifestPins, type ManifestPin, type PinKind } from "./compile/manifest-pins.js";
export { definitions, definitionsIn, type Definition } from "./definitions.js";
