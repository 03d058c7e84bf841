// One linter for the TypeScript. Style is prettier's job; this enforces correctness, naming and the
// architecture rules of DESIGN.md that are about *what code may touch* (the import graph itself is
// checked by dependency-cruiser, see .dependency-cruiser.cjs).
import { readFileSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const pureCoreRestrictions = {
  "no-restricted-globals": [
    "error",
    { name: "setTimeout", message: "dsl/ and engine/ are pure: inject a clock instead of using timers." },
    { name: "setInterval", message: "dsl/ and engine/ are pure: inject a clock instead of using timers." },
    { name: "setImmediate", message: "dsl/ and engine/ are pure: inject a clock instead of using timers." },
  ],
  "no-restricted-properties": [
    "error",
    { object: "Date", property: "now", message: "dsl/ and engine/ are pure: use the injected clock." },
    {
      object: "Math",
      property: "random",
      message: "dsl/ and engine/ are deterministic: use the injected RNG.",
    },
    { object: "process", property: "argv", message: "Only cli/ reads argv." },
    { object: "process", property: "env", message: "Only cli/ reads environment variables." },
  ],
};

// Size limits and their shrinking exception list (issue 15): see scripts/size-limits.json.
const sizeLimits = JSON.parse(readFileSync(new URL("./scripts/size-limits.json", import.meta.url), "utf8"));

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "*.cjs",
      "dsl/parser.generated.ts",
      "**/fixtures/**",
      "vscode/**",
      // The VS Code extension is CommonJS run by VS Code itself, outside this project's toolchain.
      "editors/vscode/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/naming-convention": [
        "error",
        { selector: "interface", format: ["PascalCase"], custom: { regex: "^I[A-Z]", match: false } },
        { selector: "typeAlias", format: ["PascalCase"] },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["dsl/**/*.ts", "engine/**/*.ts"],
    ignores: ["engine/dns/transport/**", "**/*.test.ts"],
    rules: pureCoreRestrictions,
  },
  {
    files: ["runner/**/*.ts", "reports/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "argv", message: "Only cli/ reads argv." },
        { object: "process", property: "env", message: "Only cli/ reads environment variables." },
      ],
    },
  },
  {
    files: ["dsl/**/*.ts", "engine/**/*.ts", "runner/**/*.ts"],
    ignores: ["**/*.test.ts", ...Object.keys(sizeLimits.exceptions)],
    rules: sizeLimits.limits,
  },
  {
    files: ["scripts/**/*.mjs", "bin/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
