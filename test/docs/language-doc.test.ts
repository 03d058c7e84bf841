/**
 * docs/language.md's reference section (statements, settings, probes, matchers, words, faults) is
 * generated from the statement table (dsl/compile/table.ts through the dsl's LANGUAGE list), so the
 * keyword lists cannot drift from what the checker accepts. The test fails when the section is stale;
 * regenerate with `UPDATE_DOCS=1 npx vitest run test/docs`.
 */
import { describe, it, expect } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import {
  DEFAULT_FAULTS,
  KEYWORDS,
  LANGUAGE,
  loadPlan,
  MATCHER_SYNTAX,
  PLACEHOLDERS,
  type Category,
  type LanguageEntry,
  type SourceHost,
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
    ...MATCHER_SYNTAX.map((m) => `- ${m.syntax}`),
    "",
    "### Subjects and joining words",
    "",
    ...wordList(KEYWORDS),
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

/** The ```netspec examples of the hand-written part, by the file name their first comment gives. */
function examples(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  let n = 0;
  for (const m of doc.matchAll(/```netspec\n([\s\S]*?)```/g)) {
    const name = /^# (\S+\.netspec)/.exec(m[1]!)?.[1] ?? `example-${++n}.netspec`;
    out.set(name, m[1]!);
  }
  return out;
}

describe("docs/language.md for users", () => {
  const doc = readFileSync(path, "utf8");
  const prose = doc.slice(0, doc.indexOf(BEGIN));

  it("every example is a spec that checks clean", () => {
    const files = examples(prose);
    expect(files.size).toBeGreaterThanOrEqual(10);
    const host: SourceHost = {
      readFile: (p) => files.get(p),
      isDirectory: () => false,
      listDir: () => [],
    };
    for (const file of files.keys()) {
      const { diagnostics } = loadPlan([file], host, { variables: { SERVICE: "web" } });
      expect({
        file,
        diagnostics: diagnostics.map((d) => `${d.code}: ${d.message} @${d.span?.line}`),
      }).toEqual({
        file,
        diagnostics: [],
      });
    }
  });

  it("every example passes on the reference engine", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-doc-examples-"));
    mkdirSync(join(dir, "suites"));
    for (const [name, text] of examples(prose)) writeFileSync(join(dir, name), text);
    const r = await runCli(["run", ".", "--var", "SERVICE=web", "--reporter", "quiet"], dir);
    expect(r.stdout + r.stderr).toMatch(/reference: \d+ passed, 0 failed, 0 errored, 1 skipped/);
    expect(r.code).toBe(0);
  }, 60_000);

  it("shows every statement, setting and probe in an example", () => {
    const code = [...examples(prose).values()].join("\n");
    const words = LANGUAGE.filter((e) => ["top", "suite", "step", "setting", "probe"].includes(e.category));
    const missing = words.filter(
      (e) => !new RegExp(`(^|\\s|\\{|;)${e.word.replace(/[-]/g, "\\-")}(\\s|$)`, "m").test(code),
    );
    expect(missing.map((e) => `${e.category} ${e.word}`)).toEqual([]);
  });

  it("speaks to users, not about netspec's insides", () => {
    for (const internal of [/\bPlan\b/, /dsl\//, /\bcompile[sd]?\b/, /statement table/])
      expect(prose, String(internal)).not.toMatch(internal);
  });
});
