/**
 * `netspec check [paths...]`: parse and check everything (the language's checks, then every Corefile
 * parsed and every manifest admitted by the engine), print every diagnostic once, exit 2 on errors.
 * In GitHub Actions the diagnostics are also workflow-command annotations on the diff.
 */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { loadConfig, variablesOf } from "../config.js";
import { diagnosticAnnotations, plural, printDiagnostics } from "../diagnostics-output.js";
import { loadSpecs } from "../spec-load.js";
import { resolveSpecFiles, useColor } from "./shared.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, io: CliIo): void {
  program
    .command("check")
    .description("parse and check spec files without running them")
    .argument("[paths...]", "files or directories (default: the config's paths, else suites/)")
    .option("--var <NAME=VALUE>", "set ${NAME} in specs (repeatable)", collect, [])
    .option("--config <file>", "config file (default: netspec.config.yaml here, if any)")
    .option("--no-color", "disable colour")
    .action(async (paths: string[], flags: { color: boolean; var: string[]; config?: string }) => {
      const config = loadConfig(io.cwd, flags.config);
      const { host, files } = resolveSpecFiles(paths, io, config);
      const { diagnostics, sources } = await loadSpecs(files, host, {
        engine: true,
        variables: variablesOf(config, flags.var),
      });
      const { errors, warnings } = await printDiagnostics(
        diagnostics,
        sources,
        io.stdout,
        useColor(io, flags.color),
      );
      if (io.env.GITHUB_ACTIONS === "true") io.stdout.write(diagnosticAnnotations(diagnostics));
      io.stdout.write(
        `checked ${plural(files.length, "file")}: ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`,
      );
      io.setExitCode(errors > 0 ? 2 : 0);
    });
}
