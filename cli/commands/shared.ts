/** Helpers shared by run/check/fmt/list: which spec files a command works on, and colour. */
import type { CliIo } from "../cli-io.js";
import type { SourceHost } from "../../dsl/index.js";
import type { NetspecConfig } from "../config.js";
import { collectSpecFiles, createFsSourceHost } from "../source-host.js";
import { UsageError } from "../usage-error.js";

export interface SpecFiles {
  host: SourceHost;
  files: string[];
  /** `file:line` arguments: the lines asked for, per file (a test or a suite at that line). */
  lines: Map<string, number[]>;
}

/**
 * The spec files of the paths given; without paths, the config file's `paths`, else `suites/` (never
 * `.`: a repository's test fixtures are not its suites). A path may end in `:LINE` to pick the test
 * or suite on that line. A path that does not exist is exit 2; no path at all is a usage error.
 */
export function resolveSpecFiles(paths: string[], io: CliIo, config: NetspecConfig = {}): SpecFiles {
  const host = createFsSourceHost(io.cwd);
  let given = paths;
  if (given.length === 0) given = config.paths ?? (host.isDirectory("suites") ? ["suites"] : []);
  if (given.length === 0)
    throw new UsageError(
      "no paths given and no suites/ folder here: name files or directories, or set `paths` in netspec.config.yaml",
    );
  const lines = new Map<string, number[]>();
  const plain = given.map((p) => {
    const m = /^(.*\.netspec):(\d+)$/.exec(p);
    if (!m || host.readFile(p) !== undefined) return p;
    lines.set(m[1]!, [...(lines.get(m[1]!) ?? []), Number(m[2])]);
    return m[1]!;
  });
  const { files, missing } = collectSpecFiles(plain, host);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(", ")}`, 2);
  if (files.length === 0) throw new UsageError(`no .netspec files found in ${given.join(", ")}`, 2);
  return { host, files, lines };
}

/**
 * Colour, in Node's own order (https://nodejs.org/api/cli.html#force_color1-2-3): --no-color never;
 * FORCE_COLOR set to anything but 0/false always (an empty value included); NO_COLOR set to a
 * non-empty value never (https://no-color.org); otherwise only on a terminal.
 */
export function useColor(io: CliIo, flag: boolean): boolean {
  if (!flag) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.isTTY;
}
