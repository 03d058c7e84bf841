/**
 * What a local-target run may leave on the machine, for the teardown tests: network namespaces,
 * mounts under the run's project, processes naming it. Test helper (not shipped).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mountsUnder } from "../../runner/targets/local/cluster/cleanup.js";
import { clusterBinaries } from "../../runner/targets/local/cluster/integration-helpers.js";

export const root = join(import.meta.dirname, "../..");
export const bin = join(root, "bin/netspec.js");

/** Why a local-target run cannot happen here ("" when it can). */
export async function localRunUnavailable(): Promise<string> {
  const found = await clusterBinaries(process.env);
  const needed = found.missing.filter((m) => m !== "kube-router");
  if (process.getuid?.() !== 0) return "needs root (network namespaces, cgroups, mounts)";
  if (needed.length) return `binaries missing (run netspec local build): ${needed.join(", ")}`;
  if (!existsSync(join(root, "dist/cli/main.js"))) return "dist/ is not built (npm run build)";
  return "";
}

export const netnsNames = (): string[] => (existsSync("/run/netns") ? readdirSync("/run/netns").sort() : []);

/** Processes whose command line names `dir` (the run's binaries and work files live under it). */
export function processesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(dir)) out.push(`${pid}: ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The machine as far as a run under `project` can change it. */
export function machineState(project: string): { netns: string[]; mounts: string[]; processes: string[] } {
  return { netns: netnsNames(), mounts: mountsUnder(project), processes: processesUnder(project) };
}
