/**
 * `netspec list [paths...] [--tags T] [--grep RE] [--shard i/n] [--json]`: the tests (suite › test),
 * their tags and locations, selected exactly as `netspec run` selects them (cli/selection.ts), so
 * `list` shows what `run` would run and `run FILE:LINE` takes the locations it prints.
 */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { loadConfig, variablesOf } from "../config.js";
import { printDiagnostics } from "../diagnostics-output.js";
import { caseFilter, selectPlan, type SelectionFlags } from "../selection.js";
import { loadSpecs } from "../spec-load.js";
import { resolveSpecFiles, useColor } from "./shared.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, io: CliIo): void {
  program
    .command("list")
    .description("list the tests of spec files with their tags")
    .argument("[paths...]", "files, directories or FILE:LINE (default: the config's paths, else suites/)")
    .option("--tags <tags>", "only tests with one of these comma-separated tags; !tag excludes")
    .option("--grep <regex>", "only tests whose `suite › test` matches")
    .option("--shard <i/n>", "only shard i of n")
    .option("--var <NAME=VALUE>", "set ${NAME} in specs (repeatable)", collect, [])
    .option("--config <file>", "config file (default: netspec.config.yaml here, if any)")
    .option("--json", "one JSON document instead of text")
    .option("--no-color", "disable colour")
    .action(
      async (
        paths: string[],
        flags: SelectionFlags & { json?: boolean; color: boolean; var: string[]; config?: string },
      ) => {
        const config = loadConfig(io.cwd, flags.config);
        const filter = caseFilter(flags);
        const { host, files, lines } = resolveSpecFiles(paths, io, config);
        const loaded = await loadSpecs(files, host, {
          engine: false,
          variables: variablesOf(config, flags.var),
        });
        await printDiagnostics(loaded.diagnostics, loaded.sources, io.stderr, useColor(io, flags.color));
        if (loaded.errors > 0) {
          io.setExitCode(2);
          return;
        }
        const plan = selectPlan(loaded.plan, filter, lines);
        const tests = plan.files.flatMap((f) =>
          f.suites.flatMap((s) =>
            s.cases.map((c) => ({
              file: f.file,
              line: c.span.line,
              suite: s.name,
              test: c.name,
              tags: c.tags,
              ...(c.skip !== undefined ? { skip: c.skip } : {}),
            })),
          ),
        );
        if (flags.json) {
          io.stdout.write(`${JSON.stringify({ tests }, null, 2)}\n`);
          return;
        }
        for (const t of tests)
          io.stdout.write(
            `${t.file}:${t.line}  ${t.suite} › ${t.test}${t.tags.length ? `  [${t.tags.join(", ")}]` : ""}${"skip" in t ? "  (skipped)" : ""}\n`,
          );
        io.stdout.write(`${tests.length} test${tests.length === 1 ? "" : "s"}\n`);
      },
    );
}
