/**
 * `netspec explain [SYMPTOM...]`: which fault produces a symptom ("connection refused",
 * "CrashLoopBackOff", "SERVFAIL for external names"), with what it means and how to reproduce it in a
 * spec (`fault NAME`). Without arguments it lists every fault. The table is engine/faults/catalog.ts.
 */
import type { Command } from "commander";
import { FAULT_CATALOG, type FaultInfo } from "../../engine/index.js";
import type { CommandIo } from "./command-io.js";

/** Faults whose symptoms or meaning mention every word of the query, best matches first. */
export function explain(query: string): FaultInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored = FAULT_CATALOG.map((f) => {
    const symptoms = f.symptoms.join(" ").toLowerCase();
    const text = `${f.name} ${symptoms} ${f.meaning}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) return { f, score: -1 };
    const score = words.filter((w) => symptoms.includes(w) || f.name.includes(w)).length;
    return { f, score };
  });
  return scored
    .filter((s) => s.score >= 0)
    .sort((a, b) => b.score - a.score)
    .map((s) => s.f);
}

function describe(f: FaultInfo): string {
  return [
    `${f.name}${f.args ? ` ${f.args}` : ""}`,
    `  symptoms: ${f.symptoms.join("; ")}`,
    `  meaning:  ${f.meaning}`,
    `  on kind/cluster: ${f.realTarget}`,
    `  reproduce: fault ${f.name}${f.args ? ` ${f.args}` : ""}`,
    "",
  ].join("\n");
}

export function register(program: Command, io: CommandIo): void {
  program
    .command("explain")
    .description("which fault matches a symptom (e.g. `netspec explain connection refused`)")
    .argument("[symptom...]", "words of the symptom; none lists every fault")
    .action(async (symptom: string[]) => {
      const query = symptom.join(" ");
      const found = query ? explain(query) : [...FAULT_CATALOG];
      if (found.length === 0) {
        io.stdout.write(`no fault matches "${query}"; \`netspec explain\` lists them all\n`);
        io.setExitCode(1);
        return;
      }
      io.stdout.write(found.map(describe).join("\n"));
    });
}
