/**
 * `netspec clean [--work-dir DIR]`: remove whatever runs that died left on this machine (issue 22).
 * Every local cluster journals each resource as it makes it (runner/targets/local/cluster/journal.ts:
 * processes, network namespaces, veths and bridges, mounts, nft tables, containerd state); a journal
 * never marked cleaned whose owning process is gone (SIGKILL, a crash, a lost terminal) is undone
 * newest first. A live run's journal is left alone. `netspec local clean` is the same command.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { cleanLeftovers } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";

/** Cleans the journals under `<workDir>/local`, reports each one touched, exit 1 if any failed. */
export async function cleanRuns(io: CliIo, workDir: string): Promise<void> {
  const results = await cleanLeftovers(join(io.cwd, workDir, "local"));
  let failed = false;
  for (const r of results) {
    if (r.state === "already-clean") continue;
    const what = r.state === "owner-alive" ? "left alone: its run is still going" : "cleaned";
    io.stdout.write(`${r.journal}: ${what}${r.errors.length ? ` (${r.errors.join("; ")})` : ""}\n`);
    failed ||= r.errors.length > 0;
  }
  const cleaned = results.filter((r) => r.state === "cleaned").length;
  io.stdout.write(
    `${cleaned} cluster(s) cleaned, ${results.length - cleaned} journal(s) left as they were\n`,
  );
  if (failed) io.setExitCode(1);
}

export function register(program: Command, io: CliIo): void {
  program
    .command("clean")
    .description("remove what runs that died left behind (processes, network namespaces, mounts, nft tables)")
    .option("--work-dir <dir>", "the runs' work directory", ".netspec")
    .action((flags: { workDir: string }) => cleanRuns(io, flags.workDir));
}
