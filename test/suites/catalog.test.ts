/**
 * suites/CATALOG.md is generated from the suites themselves (folder, file, suite, test count, tags)
 * so it never drifts: this test fails when the table is stale. Regenerate with
 * `UPDATE_CATALOG=1 npx vitest run test/suites`.
 */
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadPlan, type SourceHost } from "../../dsl/index.js";

const root = join(import.meta.dirname, "../../suites");
const catalogPath = join(root, "CATALOG.md");

const host: SourceHost = {
  readFile: (p) => (existsSync(p) && statSync(p).isFile() ? readFileSync(p, "utf8") : undefined),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  listDir: (p) => readdirSync(p),
};

function specFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return specFiles(p);
      return n.endsWith(".netspec") ? [p] : [];
    });
}

function renderCatalog(): { text: string; total: number; folders: string[] } {
  const rows: string[] = [];
  const folders = new Set<string>();
  let total = 0;
  for (const file of specFiles(root)) {
    const { plan, diagnostics } = loadPlan([file], host);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(`${file}: ${errors[0]!.message}`);
    const rel = relative(root, file);
    const folder = rel.includes("/") ? `${rel.slice(0, rel.lastIndexOf("/"))}/` : "./";
    folders.add(folder);
    for (const suite of plan.files.flatMap((f) => f.suites)) {
      total += suite.cases.length;
      const tags = [...new Set([...suite.tags])].sort().join(", ");
      rows.push(
        `| \`${folder}\` | \`${rel.slice(folder.length)}\` | ${suite.name} | ${suite.cases.length} | ${tags} |`,
      );
    }
  }
  const text = [
    "# Suite catalog",
    "",
    "Generated from the suites by `UPDATE_CATALOG=1 npx vitest run test/suites` (the test fails when",
    "this table is stale). Each folder's README explains what its suites cover and cites the upstream",
    "behaviour.",
    "",
    "| folder | file | suite | tests | tags |",
    "| --- | --- | --- | ---: | --- |",
    ...rows,
    "",
    `${total} tests in ${rows.length} suites.`,
    "",
  ].join("\n");
  return { text, total, folders: [...folders] };
}

describe("suites/CATALOG.md", () => {
  const { text, folders } = renderCatalog();
  it("lists every suite with its test count", () => {
    if (process.env.UPDATE_CATALOG) writeFileSync(catalogPath, text);
    expect(readFileSync(catalogPath, "utf8")).toBe(text);
  });
  it("every suite folder has a README", () => {
    const missing = folders.filter((f) => f !== "./" && !existsSync(join(root, f, "README.md")));
    expect(missing).toEqual([]);
  });
});
