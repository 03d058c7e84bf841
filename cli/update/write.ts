import type { Plan } from "../../dsl/index.js";
import type { RunResult } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";

export function writeUpdates(
  _io: CliIo,
  _plan: Plan,
  _result: RunResult,
  _sources: ReadonlyMap<string, string>,
): { files: number; errors: number } {
  return { files: 0, errors: 0 };
}
