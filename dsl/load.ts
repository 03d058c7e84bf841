import { posix as path } from "node:path";
import type { Diagnostic } from "./diagnostic.js";
import type { Plan, UpstreamRecord } from "./plan.js";
import type { SpecFile, Statement } from "./ast.js";
import { Compiler, type SourceHost } from "./compile.js";
import { parseSource } from "./parse.js";

/** Parse + check + compile every file; imports are followed (relative to the importing file) through `host`. */
export function loadPlan(
  files: string[],
  host: SourceHost,
): { plan: Plan; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const sources = new Map<string, string>();
  const parsed = new Map<string, SpecFile | undefined>();
  const diagnostics: Diagnostic[] = [];
  const compiler = new Compiler(host);
  const read = (file: string): SpecFile | undefined => {
    if (parsed.has(file)) return parsed.get(file);
    const text = host.readFile(file);
    if (text === undefined) {
      parsed.set(file, undefined);
      return undefined;
    }
    sources.set(file, text);
    const r = parseSource(text, file);
    diagnostics.push(...r.diagnostics);
    parsed.set(file, r.ast);
    return r.ast;
  };
  /** Fixtures and upstream lines of a file's imports (transitively), detecting cycles. */
  const imports = (
    ast: SpecFile,
    file: string,
    stack: string[],
  ): { fixtures: Map<string, Statement[]>; upstream: UpstreamRecord[] } => {
    const fixtures = new Map<string, Statement[]>();
    const upstream: UpstreamRecord[] = [];
    for (const st of ast.statements) {
      if (st.head !== "import") continue;
      const p = st.items[0];
      if (p?.$type !== "String") {
        compiler.error("check/expected", 'import needs a quoted path: import "x.netspec"', st.$span);
        continue;
      }
      const target = path.join(path.dirname(file), p.value);
      if (stack.includes(target)) {
        compiler.error("check/import-cycle", `import cycle: ${[...stack, target].join(" -> ")}`, p.$span);
        continue;
      }
      const sub = read(target);
      if (!sub) {
        if (!sources.has(target))
          compiler.error("check/missing-file", `imported file ${p.value} does not exist`, p.$span);
        continue;
      }
      const inner = imports(sub, target, [...stack, target]);
      for (const [k, v] of inner.fixtures) fixtures.set(k, v);
      upstream.push(...inner.upstream);
      // Only fixtures and upstream blocks are taken from an imported file; its suites run only if given.
      for (const s of sub.statements) {
        if (s.head === "fixture" && s.items[0] && "value" in s.items[0])
          fixtures.set(String(s.items[0].value), s.block ?? []);
      }
      const top = sub.statements.filter((s) => s.head === "upstream");
      for (const u of top) upstream.push(...compiler.upstream(u));
    }
    return { fixtures, upstream };
  };
  const plan: Plan = { files: [] };
  for (const file of files) {
    const ast = read(file);
    if (!ast) {
      if (!sources.has(file))
        diagnostics.push({
          code: "check/missing-file",
          severity: "error",
          message: `${file} does not exist`,
          notes: [],
        });
      continue;
    }
    plan.files.push({ file, suites: compiler.compileFile(ast, file, imports(ast, file, [file])) });
  }
  // A check diagnostic on a line the parser already flagged is a consequence of the parse error
  // (the statement was cut short), not a second mistake: report the cause only.
  const parseLines = new Set(
    diagnostics
      .filter((d) => d.code.startsWith("parse/") && d.span)
      .map((d) => `${d.span!.file}:${d.span!.line}`),
  );
  diagnostics.push(
    ...compiler.diagnostics.filter((d) => !d.span || !parseLines.has(`${d.span.file}:${d.span.line}`)),
  );
  return { plan, diagnostics, sources };
}
