/**
 * `netspec run --update` / `netspec record`: after the run, write the observed values into the spec
 * files (cli/update/edits.ts), format each changed file with `fmt`'s formatter, and say what changed.
 * A file whose edited text no longer parses is left untouched and reported (exit 2).
 */
import { writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { formatSource, type Plan } from "../../dsl/index.js";
import type { RunResult } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";
import { updateEdits, type TextEdit } from "./edits.js";

/** `text` with `edits` applied (they do not overlap: each is one matcher's value or one block). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from))
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

export function writeUpdates(
  io: CliIo,
  plan: Plan,
  result: RunResult,
  sources: ReadonlyMap<string, string>,
): { files: number; errors: number } {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of updateEdits(plan, result, sources)) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  let files = 0;
  let errors = 0;
  for (const [file, edits] of byFile) {
    const before = sources.get(file)!;
    const { output } = formatSource(applyEdits(before, edits), file);
    if (output === undefined) {
      errors++;
      io.stderr.write(`netspec: --update: ${file} would not parse after the update; left as it was\n`);
      continue;
    }
    if (output === before) continue;
    writeFileSync(isAbsolute(file) ? file : join(io.cwd, file), output);
    files++;
    io.stderr.write(
      `netspec: updated ${edits.length} expectation${edits.length === 1 ? "" : "s"} in ${file}\n`,
    );
  }
  if (files === 0 && errors === 0) io.stderr.write("netspec: --update: every expectation already matched\n");
  return { files, errors };
}
