/** `import "x.netspec"`: the fixtures and upstream blocks of another file (resolved by the loader). */
import type { FileCtx } from "../context.js";
import type { StatementSpec } from "../spec.js";

export const importStatement: StatementSpec<FileCtx> = {
  head: "import",
  syntax: 'import "PATH"',
  summary: "take the fixtures and upstream blocks of another file (relative path); its suites do not run.",
  example: 'import "common.netspec"',
  // Read and checked by the loader's import pass (dsl/compile/passes/imports.ts).
  compile: () => {},
};
