/**
 * Leftovers of local clusters whose run died (SIGKILL, a crash, a lost terminal): journals under a
 * work directory that were never marked cleaned and whose owning process is gone. `netspec local
 * clean` undoes them with cleanJournal; a journal whose owner still runs is left alone.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cleanJournal } from "./cleanup.js";
import { journalState, ownerRuns } from "../../process-owner.js";
import { readJournal } from "./journal.js";

export interface Leftover {
  journal: string;
  /** Why it is or is not cleaned. */
  state: "cleaned" | "owner-alive" | "already-clean";
  errors: string[];
}

/** Every journal.jsonl one or two levels below `dir` (`<dir>/<cluster>/journal.jsonl`). */
export function journalsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isFile() && e.name === "journal.jsonl") out.push(p);
    else if (e.isDirectory() && existsSync(join(p, "journal.jsonl"))) out.push(join(p, "journal.jsonl"));
  }
  return out.sort();
}

/** Whether the process that wrote the journal still runs (same pid and start time). */
export function ownerAlive(journal: string): boolean {
  const run = readJournal(journal).find((e) => e.kind === "run");
  return ownerRuns(run?.kind === "run" ? run.owner : undefined);
}

/** Cleans every journal under `dir` whose run is over but which was never cleaned. */
export async function cleanLeftovers(dir: string): Promise<Leftover[]> {
  const out: Leftover[] = [];
  for (const journal of journalsUnder(dir)) {
    const state = journalState(readJournal(journal));
    if (state !== "over") out.push({ journal, state, errors: [] });
    else out.push({ journal, state: "cleaned", errors: await cleanJournal(journal) });
  }
  return out;
}
