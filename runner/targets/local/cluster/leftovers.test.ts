import { mkdirSync, mkdtempSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal, processStartTime, readJournal } from "./journal.js";
import { cleanLeftovers } from "./leftovers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A work directory with one cluster journal owned by `owner`, which made `made`. */
function leftover(owner: { pid: number; startTime: string }): { dir: string; journal: string; made: string } {
  const dir = mkdtempSync(join(tmpdir(), "netspec-leftovers-"));
  dirs.push(dir);
  const cluster = join(dir, "cluster-1");
  const made = join(cluster, "state");
  mkdirSync(made, { recursive: true });
  writeFileSync(join(made, "x"), "x");
  const journal = new Journal(join(cluster, "journal.jsonl"));
  journal.record({ kind: "run", id: "t", workDir: cluster, at: "now", owner });
  journal.record({ kind: "path", path: made });
  return { dir, journal: journal.path, made };
}

describe("netspec local clean: the leftovers of runs that died", () => {
  it("undoes a journal whose owner is gone and marks it cleaned", async () => {
    const { dir, journal, made } = leftover({ pid: 2 ** 22 + 1, startTime: "1" });
    const [r] = await cleanLeftovers(dir);
    expect(r).toMatchObject({ journal, state: "cleaned", errors: [] });
    expect(existsSync(made)).toBe(false);
    expect(readJournal(journal).at(-1)?.kind).toBe("cleaned");
    expect((await cleanLeftovers(dir))[0]!.state).toBe("already-clean");
  });

  it("leaves a live run's cluster alone", async () => {
    const { dir, made } = leftover({ pid: process.pid, startTime: processStartTime(process.pid)! });
    expect((await cleanLeftovers(dir))[0]!.state).toBe("owner-alive");
    expect(existsSync(made)).toBe(true);
  });
});
