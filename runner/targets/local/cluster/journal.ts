/**
 * The run journal: one JSON object per line in `<workDir>/journal.jsonl`, appended (and flushed)
 * as each resource is about to be created, so a crash or SIGKILL at any point leaves a list of
 * everything that may exist. Entries are written *before* the resource exists (an intent), which
 * makes undoing them in reverse order the right teardown order: the entry for kube-proxy's nft
 * tables precedes kube-proxy itself, so kube-proxy is stopped before its tables are deleted; the
 * kubelet's mounts entry precedes the kubelet; containerd's state precedes containerd.
 * cleanup.ts undoes entries; undoing one that never came to exist is a no-op.
 */
import { appendFileSync } from "node:fs";
import { readJsonLines } from "../../process-owner.js";

export type JournalEntry =
  | {
      kind: "run";
      id: string;
      workDir: string;
      at: string;
      /** The process that made the cluster (`netspec local clean` leaves a live one's cluster alone). */
      owner?: { pid: number; startTime: string };
    }
  /** A process: killed only if its pid still has the recorded start time (no pid reuse accidents). */
  | { kind: "process"; name: string; pid: number; startTime: string; log: string }
  | { kind: "netns"; name: string }
  /** Every mount at or below `path` (kubelet volumes, containerd rootfs, shm, pod netns). */
  | { kind: "mounts"; path: string }
  /** A cgroup created in every v1 hierarchy (and cgroup2, where mounted): processes killed, dirs removed. */
  | { kind: "cgroup"; name: string }
  /** kube-proxy's and the kubelet's nft/iptables tables inside `netns` (deleted with the namespace too). */
  | { kind: "nft"; netns: string }
  /**
   * A containerd's leftovers: its shims (found by `address` in their argv), runc state, and the CNI
   * result cache files libcni keeps in /var/lib/cni/results for its sandboxes (found under `root`).
   */
  | { kind: "containerd"; address: string; runcRoot: string; netns: string; root: string }
  /** A socket or directory to remove (refused while anything is mounted below it). */
  | { kind: "path"; path: string }
  /**
   * A directory the components create on the machine (/run/containerd/s, …): the files named in
   * `files` (fixed names the components write there) are removed, then the directory once empty.
   */
  | { kind: "host-dir"; path: string; files?: string[] }
  | { kind: "cleaned"; at: string; errors: string[] };

export class Journal {
  constructor(readonly path: string) {}

  record(entry: JournalEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
  }

  entries(): JournalEntry[] {
    return readJournal(this.path);
  }
}

/** The entries of the journal at `path` (a torn last line, from a crash mid-write, is ignored). */
export function readJournal(path: string): JournalEntry[] {
  return readJsonLines<JournalEntry>(path);
}

export { processStartTime } from "../../process-owner.js";
