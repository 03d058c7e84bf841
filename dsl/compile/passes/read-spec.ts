/**
 * Pass 1: read and parse a spec file (once per load), its parse problems into the session, and its
 * `${NAME}` variables substituted.
 */
import type { SpecFile } from "../../ast.js";
import type { SourceFiles } from "../../files.js";
import { parseSource } from "../../parse.js";
import type { Session } from "../session.js";
import { substitute } from "./substitute.js";

/** The parsed spec files of a load: undefined for a file that could not be read or parsed at all. */
export type Parsed = Map<string, SpecFile | undefined>;

export function readSpec(
  file: string,
  files: SourceFiles,
  parsed: Parsed,
  session: Session,
): SpecFile | undefined {
  if (parsed.has(file)) return parsed.get(file);
  const text = files.spec(file);
  if (text === undefined) {
    parsed.set(file, undefined);
    return undefined;
  }
  const r = parseSource(text, file);
  for (const d of r.diagnostics) session.report("read", d);
  if (r.ast) substitute(r.ast, text, session);
  parsed.set(file, r.ast);
  return r.ast;
}
