/**
 * Who owns a run's leftovers: a process is named by its pid and its start time (field 22 of
 * /proc/PID/stat), so a pid the kernel reused for another process is not mistaken for the run.
 * The local cluster's journal and the kube targets' run journal both record their owner this way.
 */
import { readFileSync } from "node:fs";

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
