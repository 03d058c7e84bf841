/**
 * docs/faults.md is generated from engine/faults/catalog.ts and from each target's own statement of
 * what it realises (Capabilities.faults, through `unrealised`: the reason the runner skips a case
 * with), so the documentation cannot drift from what the engine and the targets do. Regenerate with
 * `UPDATE_DOCS=1 npx vitest run test/docs`.
 */
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAULT_CATALOG } from "../../engine/index.js";
import { createTarget, realTarget, type Target } from "../../runner/index.js";
import { unrealised } from "../../runner/run/index.js";

const path = join(import.meta.dirname, "..", "..", "docs", "faults.md");

const TARGETS: [string, Target][] = [
  ["reference", createTarget("reference")],
  ["kind", realTarget("kind").target],
  ["existing cluster", realTarget("cluster").target],
  ["local", realTarget("local").target],
];

/** A table cell: `yes`, or `skipped: ` and the target's reason (table pipes escaped). */
function cell(fault: string, target: Target): string {
  const why = unrealised(fault, target);
  return why === undefined ? "yes" : `skipped: ${why.replace(/\|/g, "\\|")}`;
}

function render(): string {
  const out = [
    "# Faults",
    "",
    "`fault NAME [ARGS]` injects a failure for the rest of the test; `heal NAME` undoes it, and every",
    "fault still active is healed when the test ends (newest first), even when it failed. A target",
    "that cannot realise a fault reports the test skipped with the reason, never passed.",
    "`netspec explain SYMPTOM` finds the fault that produces a symptom.",
    "",
    "Generated from `engine/faults/catalog.ts` and each target's own statement of what it realises",
    "(its `capabilities().faults`, the reason the runner skips a case with) by",
    "`UPDATE_DOCS=1 npx vitest run test/docs`.",
    "",
    "| fault | arguments | symptoms |",
    "| --- | --- | --- |",
    ...FAULT_CATALOG.map(
      (f) => `| \`${f.name}\` | ${f.args ? `\`${f.args}\`` : "—"} | ${f.symptoms.join("; ")} |`,
    ),
    "",
    "Which target realises which fault (a test with a fault its target does not realise is skipped",
    "there with this reason; `netspec check --target T` lists them before a run):",
    "",
    `| fault | ${TARGETS.map(([n]) => n).join(" | ")} |`,
    `| --- | ${TARGETS.map(() => "---").join(" | ")} |`,
    ...FAULT_CATALOG.map((f) => `| \`${f.name}\` | ${TARGETS.map(([, t]) => cell(f.name, t)).join(" | ")} |`),
    "",
  ];
  for (const f of FAULT_CATALOG) {
    out.push(`## ${f.name}`, "", `\`fault ${f.name}${f.args ? ` ${f.args}` : ""}\``, "");
    out.push(
      `**Reference engine.** ${f.meaning}`,
      "",
      `**kind / existing cluster.** ${f.realTarget}`,
      "",
      `**local.** ${"local" in f ? f.local : cell(f.name, TARGETS[3]![1])}`,
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
