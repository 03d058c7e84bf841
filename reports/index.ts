export {
  createConsoleReporter,
  recapLines,
  summaryLines,
  summaryText,
  type ConsoleOptions,
} from "./console.js";
export { renderJunit } from "./junit.js";
export { renderJson } from "./json.js";
export { failureText } from "./failure-text.js";
export { formatObservation } from "./observation-text.js";
export { codeFrame, location, noPaint, type Paint } from "./frame.js";
export { renderMarkdown, githubAnnotations, workflowCommand } from "./markdown.js";
export { renderHtml } from "./html.js";
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from "./diagnostics.js";
export { multiplexReporters, fileReporter } from "./multiplexer.js";
