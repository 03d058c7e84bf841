/** `netspec check [paths...]`: parse and check everything, print every diagnostic, exit 2 on errors. */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { loadDsl } from "../dsl-api.js";
import { plural, printDiagnostics } from "../diagnostics-output.js";
import { resolveSpecFiles, useColor } from "./shared.js";

export function register(program: Command, io: CliIo): void {
  program
    .command("check")
    .description("parse and check spec files without running them")
    .argument("[paths...]", "files or directories (default: .)")
    .option("--no-color", "disable colour")
    .action(async (paths: string[], flags: { color: boolean }) => {
      const { host, files } = resolveSpecFiles(paths, io);
      const dsl = await loadDsl();
      const { diagnostics, sources } = dsl.loadPlan(files, host);
      const { errors, warnings } = await printDiagnostics(
        diagnostics,
        sources,
        io.stdout,
        useColor(io, flags.color),
      );
      io.stdout.write(
        `checked ${plural(files.length, "file")}: ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`,
      );
      io.setExitCode(errors > 0 ? 2 : 0);
    });
}
