import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPlan, parseSource, formatSource, type SourceHost } from "../../dsl/index.js";
import { renderDiagnostics } from "../../reports/diagnostics.js";

const here = dirname(fileURLToPath(import.meta.url));
const rel = (p: string) => p.slice(here.length + 1);

/** Host over the real corpus folder, with paths relative to it so snapshots are machine-independent. */
const host: SourceHost = {
  readFile: (p) =>
    existsSync(join(here, p)) && statSync(join(here, p)).isFile()
      ? readFileSync(join(here, p), "utf8")
      : undefined,
  isDirectory: (p) => existsSync(join(here, p)) && statSync(join(here, p)).isDirectory(),
  listDir: (p) => readdirSync(join(here, p)),
};

const folders = readdirSync(here).filter((d) => statSync(join(here, d)).isDirectory());
for (const folder of folders) {
  describe(folder, () => {
    for (const f of readdirSync(join(here, folder)).filter((x) => x.endsWith(".netspec"))) {
      const file = rel(join(here, folder, f));
      const text = readFileSync(join(here, file), "utf8");
      if (f.startsWith("_error_")) {
        it(`${f} reports its diagnostics`, async () => {
          const r = loadPlan([file], host);
          expect(r.diagnostics.length).toBeGreaterThan(0);
          await expect(renderDiagnostics(r.diagnostics, r.sources, { color: false })).toMatchFileSnapshot(
            join(here, folder, `${f}.diagnostics.txt`),
          );
        });
      } else {
        it(`${f} parses and compiles`, async () => {
          const p = parseSource(text, file);
          expect(p.diagnostics).toEqual([]);
          await expect(JSON.stringify(p.ast, null, 1)).toMatchFileSnapshot(
            join(here, folder, `${f}.ast.json`),
          );
          const r = loadPlan([file], host);
          expect(renderDiagnostics(r.diagnostics, r.sources)).toBe("0 errors, 0 warnings\n");
          await expect(JSON.stringify(r.plan, null, 1)).toMatchFileSnapshot(
            join(here, folder, `${f}.plan.json`),
          );
        });
        it(`${f} formats idempotently`, () => {
          const once = formatSource(text, file).output;
          expect(once).toBeDefined();
          expect(formatSource(once!, file).output).toBe(once);
        });
      }
    }
  });
}

describe("recovery", () => {
  it("three different mistakes yield three diagnostics at the right line:col", () => {
    const r = loadPlan(["errors/_error_three-mistakes.netspec"], host);
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column, d.help])).toEqual([
      ["check/unknown-profile", 2, 11, "did you mean `kubeadm`?"],
      ["check/unknown-step", 4, 5, "did you mean `expect`?"],
      ["check/unknown-fault", 5, 11, "did you mean `dns-outage`?"],
    ]);
  });
});
