/**
 * What a run of the kind or cluster target creates on a real cluster, written down as it is created
 * (issue 22): the namespaces of each case (with the context and kubeconfig they live on) and the
 * kind clusters the run made. The target deletes them itself at the end of a case, at the end of
 * the run and on Ctrl-C; the journal is for the run that cannot (SIGKILL, a crash, a lost
 * terminal): `netspec clean` reads the journals of runs that are over and deletes what is left,
 * through the same kubectl/kind command seam.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { journalState, readJsonLines, thisProcess, type ProcessOwner } from "../process-owner.js";
import type { CommandRunner } from "./commands.js";

/** Where a cluster is reached: a kubeconfig context, and a kubeconfig file of its own if any. */
export interface ClusterAddress {
  context: string;
  kubeconfig: string;
}

export type KubeJournalEntry =
  | { kind: "run"; owner: ProcessOwner; target: string }
  | ({ kind: "namespace"; name: string } & ClusterAddress)
  | ({ kind: "namespace-deleted"; name: string } & ClusterAddress)
  | { kind: "kind-cluster"; name: string }
  | { kind: "kind-cluster-deleted"; name: string }
  | { kind: "cleaned"; at: string; errors: string[] };

/** Appends entries to `<dir>/<pid>-<start>.jsonl`; the file appears with the first resource. */
export class KubeJournal {
  readonly path: string;
  private started = false;

  constructor(
    dir: string,
    private readonly target: string,
    private readonly owner: ProcessOwner = thisProcess(),
  ) {
    this.path = join(dir, `${owner.pid}-${owner.startTime}.jsonl`);
  }

  record(e: Exclude<KubeJournalEntry, { kind: "run" }>): void {
    if (!this.started) {
      mkdirSync(dirname(this.path), { recursive: true });
      if (!existsSync(this.path)) this.write({ kind: "run", owner: this.owner, target: this.target });
      this.started = true;
    }
    this.write(e);
  }

  private write(e: KubeJournalEntry): void {
    appendFileSync(this.path, `${JSON.stringify(e)}\n`);
  }
}

export function readKubeJournal(path: string): KubeJournalEntry[] {
  return readJsonLines<KubeJournalEntry>(path);
}

const key = (e: { name: string } & Partial<ClusterAddress>) =>
  `${e.kubeconfig ?? ""}|${e.context ?? ""}|${e.name}`;

/** What the journal created and did not delete, oldest first. */
export function leftInJournal(entries: KubeJournalEntry[]): {
  namespaces: ({ name: string } & ClusterAddress)[];
  kindClusters: string[];
} {
  const ns = new Map<string, { name: string } & ClusterAddress>();
  const kind = new Set<string>();
  for (const e of entries) {
    if (e.kind === "namespace")
      ns.set(key(e), { name: e.name, context: e.context, kubeconfig: e.kubeconfig });
    else if (e.kind === "namespace-deleted") ns.delete(key(e));
    else if (e.kind === "kind-cluster") kind.add(e.name);
    else if (e.kind === "kind-cluster-deleted") kind.delete(e.name);
  }
  return { namespaces: [...ns.values()], kindClusters: [...kind] };
}

/** One journal's fate in `netspec clean`. */
export interface KubeLeftover {
  journal: string;
  state: "cleaned" | "owner-alive" | "already-clean";
  removed: string[];
  errors: string[];
}

/** Undoes one journal: namespaces newest first (skipped inside a kind cluster deleted anyway). */
async function cleanOne(path: string, runner: CommandRunner): Promise<KubeLeftover> {
  const { namespaces, kindClusters } = leftInJournal(readKubeJournal(path));
  const removed: string[] = [];
  const errors: string[] = [];
  const inDeletedKind = (n: ClusterAddress) => kindClusters.some((k) => n.context === `kind-${k}`);
  for (const n of namespaces.reverse()) {
    if (inDeletedKind(n)) continue;
    // A cluster that is gone with its kubeconfig (the local target's) has nothing left to delete.
    if (n.kubeconfig && !existsSync(n.kubeconfig)) continue;
    const argv = [
      "kubectl",
      ...(n.kubeconfig ? ["--kubeconfig", n.kubeconfig] : []),
      ...(n.context ? ["--context", n.context] : []),
      "delete",
      "namespace",
      n.name,
      "--wait=false",
      "--ignore-not-found",
    ];
    const r = await runner.run(argv);
    if (r.code === 0) removed.push(`namespace ${n.name}${n.context ? ` (context ${n.context})` : ""}`);
    else errors.push(`${argv.join(" ")}: ${r.stderr.trim() || `exit ${r.code}`}`);
  }
  for (const k of kindClusters) {
    const r = await runner.run(["kind", "delete", "cluster", "--name", k]);
    if (r.code === 0) removed.push(`kind cluster ${k}`);
    else errors.push(`kind delete cluster --name ${k}: ${r.stderr.trim() || `exit ${r.code}`}`);
  }
  // A cluster that could not be reached (a context gone, a VPN down) is tried again next time.
  if (!errors.length)
    appendFileSync(path, `${JSON.stringify({ kind: "cleaned", at: new Date().toISOString(), errors })}\n`);
  return { journal: path, state: "cleaned", removed, errors };
}

/** Cleans every journal under `dir` whose run is over and which was never cleaned. */
export async function cleanKubeJournals(dir: string, runner: CommandRunner): Promise<KubeLeftover[]> {
  if (!existsSync(dir)) return [];
  const out: KubeLeftover[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".jsonl"))
    .sort()) {
    const path = join(dir, f);
    const state = journalState(readKubeJournal(path));
    if (state !== "over") out.push({ journal: path, state, removed: [], errors: [] });
    else out.push(await cleanOne(path, runner));
  }
  return out;
}

/**
 * The run's journal as the kube target keeps it: opened under `<workDir>/kube` at the first resource
 * (nothing is written for a run that creates nothing, or on --dry-run), marked cleaned at the end.
 */
export class RunRecorder {
  private journal?: KubeJournal;
  private readonly seen = new Set<string>();

  constructor(
    private readonly target: string,
    private readonly enabled: boolean,
  ) {}

  private at(workDir: string): KubeJournal | undefined {
    if (!this.enabled) return undefined;
    this.journal ??= new KubeJournal(join(workDir, "kube"), this.target);
    return this.journal;
  }

  /** `at` is the Kubectl the namespace goes through: its context and kubeconfig are recorded. */
  namespace(workDir: string, name: string, at: ClusterAddress): void {
    const where = { context: at.context, kubeconfig: at.kubeconfig };
    const k = key({ name, ...where });
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.at(workDir)?.record({ kind: "namespace", name, ...where });
  }

  namespaceDeleted(workDir: string, name: string, at: ClusterAddress): void {
    const where = { context: at.context, kubeconfig: at.kubeconfig };
    if (!this.seen.delete(key({ name, ...where }))) return;
    this.at(workDir)?.record({ kind: "namespace-deleted", name, ...where });
  }

  kindCluster(workDir: string, name: string, deleted = false): void {
    this.at(workDir)?.record({ kind: deleted ? "kind-cluster-deleted" : "kind-cluster", name });
  }

  /** The run disposed of everything it made: nothing for `netspec clean` to do. */
  done(): void {
    this.journal?.record({ kind: "cleaned", at: new Date().toISOString(), errors: [] });
  }
}
