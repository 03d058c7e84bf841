/** Helpers shared by run/check/fmt. */
import type { CliIo } from "../cli-io.js";
import type { SourceHost } from "../../dsl/index.js";
import { collectSpecFiles, createFsSourceHost } from "../source-host.js";
import { UsageError } from "../usage-error.js";

export function resolveSpecFiles(paths: string[], io: CliIo): { host: SourceHost; files: string[] } {
  const host = createFsSourceHost(io.cwd);
  const { files, missing } = collectSpecFiles(paths.length ? paths : ["."], host);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(", ")}`);
  if (files.length === 0)
    throw new UsageError(`no .netspec files found in ${paths.length ? paths.join(", ") : "."}`);
  return { host, files };
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function useColor(io: CliIo, flag: boolean): boolean {
  return flag && io.isTTY && !io.env.NO_COLOR;
}
