/**
 * `netspec lsp`: the language server on stdio, for editors (editors/vscode starts it), told the
 * engine's fault catalog and given the engine's checks of embedded manifests and Corefiles, so the
 * editor shows exactly what `netspec check` shows.
 */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";

export function register(program: Command, _io: CliIo): void {
  program
    .command("lsp")
    .description("run the netspec language server on stdio (for editors)")
    .option("--stdio", "accepted for editors that pass it; stdio is the only transport")
    .action(async () => {
      const { startServer } = await import("../../lsp/index.js");
      const { ENGINE_FAULTS } = await import("../dsl-api.js");
      const { engineDiagnostics } = await import("../spec-load.js");
      startServer(undefined, { faults: ENGINE_FAULTS, extraChecks: engineDiagnostics });
      // The connection keeps the process alive until the editor closes it.
      await new Promise<never>(() => {});
    });
}
