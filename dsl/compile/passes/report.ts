/**
 * Pass 4: the load's diagnostics. A check diagnostic on a line the parser already flagged is a
 * consequence of the parse error (the statement was cut short), not a second mistake: only the cause
 * is reported.
 */
import type { Diagnostic } from "../../diagnostic.js";
import type { Session } from "../session.js";

export function reportDiagnostics(session: Session): Diagnostic[] {
  const read = session.of("read");
  const parseLines = new Set(
    read.filter((d) => d.code.startsWith("parse/") && d.span).map((d) => `${d.span!.file}:${d.span!.line}`),
  );
  const checks = session
    .of("check")
    .filter((d) => !d.span || !parseLines.has(`${d.span.file}:${d.span.line}`));
  return [...read, ...checks];
}
