/**
 * `netspec clean [--work-dir DIR]`: remove whatever runs that died left on this machine (issue 22).
 * Every local cluster journals each resource as it makes it (runner/targets/local/cluster/journal.ts:
 * processes, network namespaces, veths and bridges, mounts, nft tables, containerd state); a journal
 * never marked cleaned whose owning process is gone (SIGKILL, a crash, a lost terminal) is undone
 * newest first; the kind and cluster targets journal each case's namespaces and the kind clusters
 * they create (runner/targets/kube/run-journal.ts), deleted with kubectl and kind. A live run's
 * journal is left alone. `netspec local clean` is the same command.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { cleanKubeJournals, cleanLeftovers, execaRunner } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";

/**
 * Cleans the journals under `<workDir>/local` (local clusters) and `<workDir>/kube` (namespaces and
 * kind clusters of the kind and cluster targets), reports each one touched, exit 1 if any failed.
 */
export async function cleanRuns(io: CliIo, workDir: string, runner = execaRunner()): Promise<void> {
  const local = await cleanLeftovers(join(io.cwd, workDir, "local"));
  const kube = await cleanKubeJournals(join(io.cwd, workDir, "kube"), runner);
  let failed = false;
  const all: { journal: string; state: string; errors: string[]; removed?: string[] }[] = [...local, ...kube];
  for (const r of all) {
    if (r.state === "already-clean") continue;
    const what = r.state === "owner-alive" ? "left alone: its run is still going" : "cleaned";
    const removed = r.removed?.length ? `: ${r.removed.join(", ")}` : "";
    const errors = r.errors.length ? ` (${r.errors.join("; ")})` : "";
    io.stdout.write(`${r.journal}: ${what}${removed}${errors}\n`);
    failed ||= r.errors.length > 0;
  }
  const cleaned = (rs: { state: string }[]) => rs.filter((r) => r.state === "cleaned").length;
  const left = local.length + kube.length - cleaned(local) - cleaned(kube);
  io.stdout.write(
    `${cleaned(local)} cluster(s) cleaned, ${cleaned(kube)} run(s) on real clusters cleaned, ` +
      `${left} journal(s) left as they were\n`,
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
