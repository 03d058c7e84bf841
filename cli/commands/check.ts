/**
 * `netspec check [paths...] [--target kind|cluster|local]... [--strict]`: parse and check everything
 * (the language's checks, then every Corefile parsed and every manifest admitted by the engine), and
 * for each `--target` what the specs pin that the real target cannot honour (runner/portability), print
 * every diagnostic once; exit 2 on errors, 1 on warnings with --strict, else 0. In GitHub Actions the
 * diagnostics are also workflow-command annotations on the diff.
 */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { loadConfig, variablesOf } from "../config.js";
import { diagnosticAnnotations, plural, printDiagnostics } from "../diagnostics-output.js";
import { loadSpecs } from "../spec-load.js";
import { UsageError } from "../usage-error.js";
import type { Diagnostic, Plan } from "../../dsl/index.js";
import { resolveSpecFiles, useColor } from "./shared.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, io: CliIo): void {
  program
    .command("check")
    .description("parse and check spec files without running them")
    .argument("[paths...]", "files or directories (default: the config's paths, else suites/)")
    .option("--var <NAME=VALUE>", "set ${NAME} in specs (repeatable)", collect, [])
    .option("--config <file>", "config file (default: netspec.config.yaml here, if any)")
    .option(
      "--target <target>",
      "also warn about what a real target cannot honour: kind | cluster[:<ctx>] | local (repeatable)",
      collect,
      [],
    )
    .option("--strict", "warnings fail the check (exit 1)")
    .option("--no-color", "disable colour")
    .action(async (paths: string[], flags: CheckFlags) => {
      const config = loadConfig(io.cwd, flags.config);
      const { host, files } = resolveSpecFiles(paths, io, config);
      const loaded = await loadSpecs(files, host, {
        engine: true,
        variables: variablesOf(config, flags.var),
      });
      const { sources } = loaded;
      const diagnostics = [
        ...loaded.diagnostics,
        ...(await portability(loaded.plan, loaded.diagnostics, flags.target)),
      ];
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
      io.setExitCode(errors > 0 ? 2 : flags.strict && warnings > 0 ? 1 : 0);
    });
}

interface CheckFlags {
  color: boolean;
  var: string[];
  config?: string;
  target: string[];
  strict?: boolean;
}

/** The warnings of `--target`s, over the files that parsed (a cut-short plan says too little). */
async function portability(plan: Plan, diagnostics: Diagnostic[], targets: string[]): Promise<Diagnostic[]> {
  if (!targets.length) return [];
  const runner = await import("../../runner/index.js");
  const real = targets.map((t) => {
    try {
      return runner.realTarget(t);
    } catch (e) {
      if (e instanceof runner.UnknownTargetError) throw new UsageError(e.message);
      throw e;
    }
  });
  const unparsed = new Set(diagnostics.filter((d) => /^parse\//.test(d.code)).map((d) => d.span?.file));
  return runner.portabilityWarnings({ files: plan.files.filter((f) => !unparsed.has(f.file)) }, real);
}
