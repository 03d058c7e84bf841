/**
 * docs/language.md's reference section (statements, settings, probes, matchers, words, faults) is
 * generated from the statement table (dsl/compile/table.ts through the dsl's LANGUAGE list), so the
 * keyword lists cannot drift from what the checker accepts. The test fails when the section is stale;
 * regenerate with `UPDATE_DOCS=1 npx vitest run test/docs`.
 */
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_FAULTS,
  LANGUAGE,
  MATCHER_SYNTAX,
  PLACEHOLDERS,
  type Category,
  type LanguageEntry,
} from "../../dsl/index.js";

const path = join(import.meta.dirname, "..", "..", "docs", "language.md");
const BEGIN =
  "<!-- generated from the statement table (dsl/compile/table.ts): UPDATE_DOCS=1 npx vitest run test/docs -->";
const END = "<!-- end of generated reference -->";

/** A table cell: pipes escaped (GitHub tables split on them even inside code spans). */
const cell = (s: string) => s.replace(/\|/g, "\\|");
const code = (s: string) => cell(`\`${s}\``);
const of = (c: Category) => LANGUAGE.filter((e) => e.category === c);

function statementTable(entries: readonly LanguageEntry[]): string[] {
  return [
    "| statement | syntax | meaning | example |",
    "| --- | --- | --- | --- |",
    ...entries.map(
      (e) => `| ${e.word} | ${code(e.syntax)} | ${cell(e.summary)} | ${code(e.example ?? "")} |`,
    ),
  ];
}

function wordList(entries: readonly LanguageEntry[]): string[] {
  return [
    "| word | meaning |",
    "| --- | --- |",
    ...entries.map((e) => `| \`${e.word}\` | ${cell(e.summary)} |`),
  ];
}

function render(): string {
  return [
    BEGIN,
    "",
    "## Reference",
    "",
    "### Top-level statements",
    "",
    ...statementTable(of("top")),
    "",
    "### Suite statements",
    "",
    "A suite's own statements; every step below may stand in a suite too (the setup of each test).",
    "",
    ...statementTable(of("suite")),
    "",
    "### Steps",
    "",
    "In a suite (its setup), a test or a fixture. `within` and `on` attach to the expect before them.",
    "",
    ...statementTable(of("step")),
    "",
    "### Cluster settings",
    "",
    ...statementTable(of("setting")),
    "",
    "### Probes (`expect PROBE ...`)",
    "",
    ...PLACEHOLDERS.map((p) => `- \`${p.name}\`: \`${p.syntax}\``),
    "",
    "| probe | syntax | meaning | matcher subjects |",
    "| --- | --- | --- | --- |",
    ...of("probe").map(
      (e) =>
        `| ${e.word} | ${code(e.syntax)} | ${cell(e.summary)} | ${e.subjects ? e.subjects.join(" ") : "— (the block is the table)"} |`,
    ),
    "",
    "### Matchers",
    "",
    "One per line or `;`-separated, `SUBJECT [FORM]`; the forms are tried in this order:",
    "",
    "| form | Matcher |",
    "| --- | --- |",
    ...MATCHER_SYNTAX.map((m) => `| ${cell(m.syntax)} | ${cell(m.compiles)} |`),
    "",
    "### Record types",
    "",
    ...wordList(of("record-type")),
    "",
    "### Rcodes",
    "",
    ...wordList(of("rcode")),
    "",
    "### Value functions",
    "",
    "| function | meaning |",
    "| --- | --- |",
    ...of("function").map((e) => `| ${code(e.syntax)} | ${cell(e.summary)} |`),
    "",
    "### Faults",
    "",
    "Meaning on each target: [faults.md](faults.md); `netspec explain SYMPTOM` finds one by its symptom;",
    "`file=PATH` arguments are read relative to the spec.",
    "",
    "| fault | arguments |",
    "| --- | --- |",
    ...DEFAULT_FAULTS.map((f) => `| \`${f.name}\` | ${f.args ? code(f.args) : "—"} |`),
    "",
    END,
  ].join("\n");
}

describe("docs/language.md", () => {
  it("has the statement table's reference section", () => {
    const doc = readFileSync(path, "utf8");
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, "the generated section's markers are missing").toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const updated = doc.slice(0, start) + render() + doc.slice(end + END.length);
    if (process.env.UPDATE_DOCS) writeFileSync(path, updated);
    expect(readFileSync(path, "utf8")).toBe(updated);
  });
});
