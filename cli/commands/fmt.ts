/**
 * `netspec fmt [--check] [paths...]`: rewrite files in canonical form, or list those that would change.
 * A block string that does not parse is left as written (a warning says which); a file that does not
 * parse is not touched at all (exit 2).
 */
import { writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { loadConfig } from "../config.js";
import { loadDsl } from "../dsl-api.js";
import { printDiagnostics } from "../diagnostics-output.js";
import { resolveSpecFiles, useColor } from "./shared.js";

export function register(program: Command, io: CliIo): void {
  program
    .command("fmt")
    .description("format spec files in canonical form")
    .argument("[paths...]", "files or directories (default: the config's paths, else suites/)")
    .option("--check", "list files that would change and exit 1 instead of writing")
    .option("--config <file>", "config file (default: netspec.config.yaml here, if any)")
    .option("--no-color", "disable colour")
    .action(async (paths: string[], flags: { check?: boolean; color: boolean; config?: string }) => {
      const { host, files } = resolveSpecFiles(paths, io, loadConfig(io.cwd, flags.config));
      const dsl = await loadDsl();
      let unparsable = false;
      let changed = 0;
      for (const file of files) {
        const text = host.readFile(file) ?? "";
        const { output, diagnostics } = dsl.formatSource(text, file);
        if (diagnostics.length)
          await printDiagnostics(diagnostics, new Map([[file, text]]), io.stderr, useColor(io, flags.color));
        if (output === undefined) {
          unparsable = true;
          continue;
        }
        if (output === text) continue;
        changed++;
        if (flags.check) io.stdout.write(`${file}\n`);
        else writeFileSync(isAbsolute(file) ? file : join(io.cwd, file), output);
      }
      if (!flags.check && changed) io.stderr.write(`formatted ${changed} file${changed === 1 ? "" : "s"}\n`);
      io.setExitCode(unparsable ? 2 : flags.check && changed ? 1 : 0);
    });
}
