/**
 * The `.netspec` front end: parser, checker (loadPlan through an in-memory SourceHost holding the
 * fixtures the suites refer to) and formatter. Promises: nothing throws; every diagnostic is
 * `parse/…` or `check/…` and points inside the file; on everything that parses, fmt is idempotent
 * and keeps the compiled plan and the diagnostics (codes and messages, positions aside).
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { formatSource, LANGUAGE, loadPlan, parseSource } from "../../dsl/index.js";
import type { Diagnostic, SourceHost } from "../../dsl/index.js";
import { filesUnder } from "../seeds.js";
import { bytes, utf8, Violation, type FuzzTarget } from "../target.js";

const DIR = "/fuzz";
const FILE = `${DIR}/spec.netspec`;

/** Files a fuzzed spec may refer to: the fixtures of the suites and grammar tests, an importable spec. */
function fixtureFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const fixtures = filesUnder(root, ["suites", "test/grammar/examples"], () => true).filter((p) =>
    p.includes("/fixtures/"),
  );
  for (const p of fixtures) files.set(`${DIR}/fixtures/${basename(p)}`, readFileSync(p, "utf8"));
  const common = join(root, "test/grammar/import-fixture/common.netspec");
  files.set(`${DIR}/common.netspec`, readFileSync(common, "utf8"));
  return files;
}

function hostFor(files: Map<string, string>, text: string): SourceHost {
  const dirs = new Set([DIR, `${DIR}/fixtures`]);
  return {
    readFile: (p) => (p === FILE ? text : files.get(p)),
    isDirectory: (p) => dirs.has(p),
    listDir: (p) =>
      p === DIR
        ? ["spec.netspec", "common.netspec", "fixtures"]
        : [...files.keys()].filter((f) => f.startsWith(`${p}/`)).map((f) => basename(f)),
  };
}

/**
 * Small seeds from big suites: each suite cut down to one of its tests (the other tests removed by
 * their spans), so a seed is a complete, valid file a few hundred bytes long. Files without tests
 * or that do not parse are kept whole.
 */
export function oneTestEach(text: string): string[] {
  const ast = parseSource(text, FILE).ast;
  const suites = ast?.statements.filter((s) => s.head === "suite" && s.block) ?? [];
  const tests = suites.flatMap((s) => s.block!.filter((t) => t.head === "test"));
  if (tests.length < 2) return [text];
  return tests.map((keep) => {
    let out = text;
    for (const t of [...tests].reverse()) {
      if (t !== keep) out = out.slice(0, t.$span.offset) + out.slice(t.$span.endOffset);
    }
    return out;
  });
}

function checkDiagnostics(text: string, diagnostics: Diagnostic[], stage: string): void {
  const lines = text.split("\n");
  for (const d of diagnostics) {
    if (!/^(parse|check)\//.test(d.code)) throw new Violation("diagnostic-code", `${stage}: ${d.code}`);
    if (!d.span || d.span.file !== FILE) continue;
    const { line, column } = d.span;
    const width = (lines[line - 1] ?? "").length;
    if (line < 1 || line > lines.length || column < 1 || column > width + 2)
      throw new Violation(
        "diagnostic-span",
        `${stage}: ${d.code} at ${line}:${column} (${lines.length} lines)`,
      );
  }
}

/** The plan and diagnostics without positions: what fmt must not change. */
function meaning(r: ReturnType<typeof loadPlan>): { plan: string; diagnostics: string } {
  const noPos = (k: string, v: unknown) =>
    k === "span" || k === "$span" || k === "line" || k === "column" || k === "endLine" || k === "endColumn"
      ? undefined
      : v;
  return {
    plan: JSON.stringify(r.plan, noPos),
    diagnostics: JSON.stringify(
      r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message.replace(/\d+:\d+/g, "L:C")}`).sort(),
    ),
  };
}

export const dslTarget: FuzzTarget = {
  name: "dsl",
  summary: ".netspec parser, checker and formatter (fmt idempotent and plan-preserving)",
  ext: "netspec",
  maxLen: 4000,
  text: true,
  scope: /\/dsl\//,
  seeds: (root) =>
    filesUnder(root, ["suites", "test/grammar", "test/e2e"], (n) => n.endsWith(".netspec"))
      .flatMap((p) => oneTestEach(readFileSync(p, "utf8")))
      .map(bytes)
      .sort((a, b) => a.length - b.length),
  dictionary: [
    ...new Set([
      ...LANGUAGE.map((e) => e.word),
      ...LANGUAGE.flatMap((e) => (e.example ? [e.example] : [])),
      '"""',
      "{\n",
      "}\n",
      "==",
      "pod default/a",
      "${",
      "ip(",
    ]),
  ],
  create(root) {
    const files = fixtureFiles(root);
    return {
      run(data) {
        const text = utf8(data);
        checkDiagnostics(text, parseSource(text, FILE).diagnostics, "parse");
        const loaded = loadPlan([FILE], hostFor(files, text));
        checkDiagnostics(text, loaded.diagnostics, "load");
        const once = formatSource(text, FILE);
        // Already formatted: fmt(fmt(x)) = fmt(x) = x and the meaning is x's by definition.
        if (once.output === undefined || once.output === text) return;
        const twice = formatSource(once.output, FILE);
        if (twice.output !== once.output) throw new Violation("fmt-not-idempotent", "fmt(fmt(x)) ≠ fmt(x)");
        const before = meaning(loaded);
        const after = meaning(loadPlan([FILE], hostFor(files, once.output)));
        if (after.plan !== before.plan) throw new Violation("fmt-changes-plan", "the plan differs after fmt");
        if (after.diagnostics !== before.diagnostics)
          throw new Violation("fmt-changes-diagnostics", `${before.diagnostics} → ${after.diagnostics}`);
      },
    };
  },
};
