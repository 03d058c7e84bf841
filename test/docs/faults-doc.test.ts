/**
 * docs/faults.md is generated from engine/faults/catalog.ts so the documentation cannot drift from
 * what the engine implements. Regenerate with `UPDATE_DOCS=1 npx vitest run test/docs`.
 */
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAULT_CATALOG } from "../../engine/index.js";

const path = join(import.meta.dirname, "..", "..", "docs", "faults.md");

function render(): string {
  const out = [
    "# Faults",
    "",
    "`fault NAME [ARGS]` injects a failure for the rest of the test; `heal NAME` undoes it, and every",
    "fault still active is healed when the test ends (newest first), even when it failed. A target",
    "that cannot realise a fault reports the test skipped with the reason, never passed.",
    "`netspec explain SYMPTOM` finds the fault that produces a symptom.",
    "",
    "Generated from `engine/faults/catalog.ts` (`UPDATE_DOCS=1 npx vitest run test/docs`).",
    "",
    "| fault | arguments | symptoms | local |",
    "| --- | --- | --- | --- |",
    ...FAULT_CATALOG.map(
      (f) =>
        `| \`${f.name}\` | ${f.args ? `\`${f.args}\`` : "—"} | ${f.symptoms.join("; ")} | ${f.local.startsWith("unsupported") ? "—" : "yes"} |`,
    ),
    "",
  ];
  for (const f of FAULT_CATALOG) {
    out.push(`## ${f.name}`, "", `\`fault ${f.name}${f.args ? ` ${f.args}` : ""}\``, "");
    out.push(
      `**Reference engine.** ${f.meaning}`,
      "",
      `**kind / existing cluster.** ${f.realTarget}`,
      "",
      `**local.** ${f.local}`,
      "",
    );
  }
  return out.join("\n");
}

describe("docs/faults.md", () => {
  it("documents every fault of the catalog", () => {
    const text = render();
    if (process.env.UPDATE_DOCS) writeFileSync(path, text);
    expect(readFileSync(path, "utf8")).toBe(text);
  });
});
