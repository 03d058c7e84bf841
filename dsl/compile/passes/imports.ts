/**
 * Pass 2: a file's imports, followed relative to the importing file (transitively, cycles reported):
 * the fixtures and upstream records they give the file. Only fixtures and upstream blocks are taken
 * from an imported file; its suites run only if it is given itself.
 */
import type { SpecFile, Statement } from "../../ast.js";
import { SourceFiles } from "../../files.js";
import type { UpstreamRecord } from "../../plan.js";
import type { Ctx, Fixtures } from "../context.js";
import { upstreamRecords } from "../statements/upstream.js";
import { type Parsed, readSpec } from "./read-spec.js";

export interface Imported {
  fixtures: Fixtures;
  upstream: UpstreamRecord[];
}

/** The file an `import` statement names, or undefined (reported) when it names none. */
function importedFile(st: Statement, file: string, stack: string[], ctx: Ctx): string | undefined {
  const p = st.items[0];
  if (p?.$type !== "String") {
    ctx.session.error("check/expected", 'import needs a quoted path: import "x.netspec"', st.$span);
    return undefined;
  }
  const target = SourceFiles.resolve(file, p.value);
  if (stack.includes(target)) {
    ctx.session.error("check/import-cycle", `import cycle: ${[...stack, target].join(" -> ")}`, p.$span);
    return undefined;
  }
  return target;
}

export function resolveImports(
  ast: SpecFile,
  file: string,
  stack: string[],
  ctx: Ctx,
  parsed: Parsed,
): Imported {
  const out: Imported = { fixtures: new Map(), upstream: [] };
  for (const st of ast.statements) {
    if (st.head !== "import") continue;
    const target = importedFile(st, file, stack, ctx);
    if (target === undefined) continue;
    const sub = readSpec(target, ctx.files, parsed, ctx.session);
    if (!sub) {
      const p = st.items[0] as { value: string; $span: Statement["$span"] };
      if (!ctx.files.sources.has(target))
        ctx.session.error("check/missing-file", `imported file ${p.value} does not exist`, p.$span);
      continue;
    }
    const inner = resolveImports(sub, target, [...stack, target], ctx, parsed);
    for (const [k, v] of inner.fixtures) out.fixtures.set(k, v);
    out.upstream.push(...inner.upstream);
    for (const s of sub.statements)
      if (s.head === "fixture" && s.items[0] && "value" in s.items[0])
        out.fixtures.set(String(s.items[0].value), s.block ?? []);
    for (const u of sub.statements.filter((s) => s.head === "upstream"))
      out.upstream.push(...upstreamRecords(u, ctx));
  }
  return out;
}
