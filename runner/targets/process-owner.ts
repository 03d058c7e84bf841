/**
 * Who owns a run's leftovers: a process is named by its pid and its start time (field 22 of
 * /proc/PID/stat), so a pid the kernel reused for another process is not mistaken for the run.
 * The local cluster's journal and the kube targets' run journal both record their owner this way,
 * and are read and judged for `netspec clean` by the same two functions below.
 */
import { existsSync, readFileSync } from "node:fs";

export interface ProcessOwner {
  pid: number;
  startTime: string;
}

/** A process's start time, or undefined when it is gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm (field 2) may hold spaces and parentheses: fields after the last ")" are fixed.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** This process, as an owner. */
export function thisProcess(): ProcessOwner {
  return { pid: process.pid, startTime: processStartTime(process.pid) ?? "" };
}

/** Whether the owner still runs (same pid, same start time). */
export function ownerRuns(owner: ProcessOwner | undefined): boolean {
  return owner !== undefined && processStartTime(owner.pid) === owner.startTime;
}

/**
 * A run journal's lines (one JSON object each; [] when there is no file). A torn last line, from a
 * crash mid-write, is skipped: the resource it announced may not exist, and undoing it is a no-op.
 */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // torn line
    }
  }
  return out;
}

/**
 * What `netspec clean` does with a journal (local or kube): nothing once it ends `cleaned`, nothing
 * while the run that wrote it still runs, otherwise undo it.
 */
export function journalState(
  entries: readonly { kind: string; owner?: ProcessOwner }[],
): "already-clean" | "owner-alive" | "over" {
  if (entries.at(-1)?.kind === "cleaned") return "already-clean";
  return ownerRuns(entries.find((e) => e.kind === "run")?.owner) ? "owner-alive" : "over";
}
