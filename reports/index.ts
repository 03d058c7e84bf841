export { createConsoleReporter, summaryLines, summaryText, type ConsoleOptions } from "./console.js";
export { renderJunit } from "./junit.js";
export { renderJson } from "./json.js";
export { failureText } from "./failure-text.js";
export { formatObservation } from "./observation-text.js";
export { codeFrame, location, noPaint, type Paint } from "./frame.js";
// Markdown (parity table / GitHub job summary) is a later reporter: it will take a RunResult like
// renderJunit and live in ./markdown.ts.
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from "./diagnostics.js";
