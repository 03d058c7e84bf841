// Generates dsl/parser.generated.ts from dsl/grammar.peggy. The output is plain ES module code wrapped
// with @ts-nocheck so tsc compiles it like any other source file and vitest can import it directly.
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import peggy from "peggy";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const grammarPath = join(root, "dsl", "grammar.peggy");
const outPath = join(root, "dsl", "parser.generated.ts");
if (!existsSync(grammarPath)) process.exit(0);
if (
  existsSync(outPath) &&
  statSync(outPath).mtimeMs >= statSync(grammarPath).mtimeMs &&
  !process.argv.includes("--force")
) {
  process.exit(0);
}
const source = peggy.generate(readFileSync(grammarPath, "utf8"), {
  output: "source",
  format: "es",
  grammarSource: "dsl/grammar.peggy",
  allowedStartRules: ["*"],
});
writeFileSync(
  outPath,
  `// @ts-nocheck\n/* eslint-disable */\n// Generated from dsl/grammar.peggy by scripts/build-grammar.mjs. Do not edit.\n${source}`,
);
