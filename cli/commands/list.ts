/** `netspec list [paths...] [--tags T] [--json]`: the tests (suite › test), their tags and locations. */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { loadDsl } from "../dsl-api.js";
import { printDiagnostics } from "../diagnostics-output.js";
import { resolveSpecFiles, useColor } from "./shared.js";

export function register(program: Command, io: CliIo): void {
  program
    .command("list")
    .description("list the tests of spec files with their tags")
    .argument("[paths...]", "files or directories (default: .)")
    .option("--tags <tags>", "only tests with one of these comma-separated tags")
    .option("--json", "one JSON document instead of text")
    .option("--no-color", "disable colour")
    .action(async (paths: string[], flags: { tags?: string; json?: boolean; color: boolean }) => {
      const { host, files } = resolveSpecFiles(paths, io);
      const dsl = await loadDsl();
      const { plan, diagnostics, sources } = dsl.loadPlan(files, host);
      const { errors } = await printDiagnostics(diagnostics, sources, io.stderr, useColor(io, flags.color));
      if (errors > 0) {
        io.setExitCode(2);
        return;
      }
      const wanted = flags.tags
        ?.split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      const tests = plan.files.flatMap((f) =>
        f.suites.flatMap((s) =>
          s.cases
            .filter((c) => !wanted?.length || c.tags.some((t) => wanted.includes(t)))
            .map((c) => ({
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
    });
}
