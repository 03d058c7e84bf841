/** Pass 3: a file's statements through the statement table, into the Plan's suites. */
import type { SpecFile } from "../../ast.js";
import type { PlanSuite } from "../../plan.js";
import type { Ctx, FileCtx } from "../context.js";
import { compileTop } from "../table.js";
import type { Imported } from "./imports.js";

export function compileFile(ast: SpecFile, file: string, imported: Imported, ctx: Ctx): PlanSuite[] {
  const fc: FileCtx = {
    ctx,
    file,
    fixtures: imported.fixtures,
    upstream: [...imported.upstream],
    suites: [],
  };
  for (const st of ast.statements) compileTop(st, fc);
  return fc.suites;
}
