/**
 * A `netspec run --target local` of one suite in a scratch project, for the chaos and teardown
 * tests: started with console and JSON reporters, its output collected, and the processes of its
 * cluster found through the run's journal (runner/targets/local/cluster/journal.ts). Test helper
 * (not shipped).
 */
import { execa, type ResultPromise } from "execa";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { mountsUnder, shimsOf } from "../../runner/targets/local/cluster/cleanup.js";
import {
  cleanLeftovers,
  journalsUnder,
  readJournal,
  type JournalEntry,
} from "../../runner/targets/local/cluster/index.js";
import { waitFor } from "../../runner/targets/local/cluster/integration-helpers.js";
import { bin, root } from "./machine-state.js";

/** One case of the run's JSON report. */
export interface CaseJson {
  status: string;
  message?: string;
}

export interface LocalRun {
  project: string;
  /** Where the run's cluster journals live. */
  local: string;
  child: ResultPromise<{ reject: false; buffer: false }>;
  /** Everything the run printed so far (stdout and stderr). */
  output(): string;
  /** The run's journal entries so far. */
  entries(): JournalEntry[];
  /** The cases of report.json (after the run has ended). */
  report(): CaseJson[];
}

/** Start `netspec run --target local` on a copy of `suite` (a path under the repository). */
export function startLocalRun(suite: string, prefix: string, args: string[] = []): LocalRun {
  const project = mkdtempSync(prefix);
  const local = join(project, ".netspec", "local");
  const file = basename(suite);
  copyFileSync(join(root, suite), join(project, file));
  const child = execa(
    process.execPath,
    [
      bin,
      "run",
      "--target",
      "local",
      "--reporter",
      "console",
      "--reporter",
      "json:report.json",
      ...args,
      file,
    ],
    { cwd: project, reject: false, buffer: false, env: { ...process.env, NO_COLOR: "1" } },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return {
    project,
    local,
    child,
    output: () => out,
    entries: () => journalsUnder(local).flatMap((j) => readJournal(j)),
    report: () =>
      (JSON.parse(readFileSync(join(project, "report.json"), "utf8")) as { cases: CaseJson[] }).cases,
  };
}

/** The pid of the journaled process `name`, once every node's kube-proxy runs (the cluster is up). */
export async function journaledPid(run: LocalRun, name: string): Promise<number> {
  let pid = 0;
  await waitFor(
    `the run's ${name}`,
    async () => {
      const entries = run.entries();
      const up = entries.some((e) => e.kind === "process" && e.name.endsWith("kube-proxy"));
      const e = entries.find((x) => x.kind === "process" && x.name === name);
      pid = up && e?.kind === "process" ? e.pid : 0;
      return pid > 0;
    },
    300_000,
  );
  return pid;
}

/**
 * Resolves once the run (started with `--verbose`) has swapped its cluster's Corefile for the next
 * suite's: the first suite's cases are done and the later suites' are still to come, whatever the
 * machine's speed. (The console reporter prints a file's cases only when the file ends, and a fixed
 * sleep fired either before the cluster did anything or after cases in parallel had all finished.)
 */
export async function nextSuiteStarted(run: LocalRun, timeoutMs = 300_000): Promise<void> {
  await waitFor(
    "the run's second suite",
    async () => run.output().includes("local: another Corefile") || run.child.exitCode !== null,
    timeoutMs,
  );
}

function parentOf(pid: number): number {
  try {
    const m = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Pids of the processes named `exe` (argv[0]'s base name) that run in a container of this run: a
 * containerd shim of one of the run's containerd sockets is among their ancestors.
 */
export function containerPids(run: LocalRun, exe: string): number[] {
  const shims = new Set(run.entries().flatMap((e) => (e.kind === "containerd" ? shimsOf(e.address) : [])));
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    let argv0 = "";
    try {
      argv0 = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0")[0] ?? "";
    } catch {
      continue;
    }
    if (basename(argv0) !== exe) continue;
    for (let p = parentOf(Number(d)); p > 1; p = parentOf(p))
      if (shims.has(p)) {
        out.push(Number(d));
        break;
      }
  }
  return out;
}

/**
 * After a test (passed or not): a run still going is SIGKILLed, whatever its cluster left is undone
 * from its journal, and the project goes unless a mount is still under it (never delete a journal
 * whose cluster could not be undone: it is the only record of what to undo).
 */
export async function disposeRun(run: LocalRun | undefined): Promise<void> {
  if (!run) return;
  if (run.child.exitCode === null) {
    run.child.kill("SIGKILL");
    await run.child;
  }
  await cleanLeftovers(run.local);
  if (!mountsUnder(run.project).length) rmSync(run.project, { recursive: true, force: true });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
