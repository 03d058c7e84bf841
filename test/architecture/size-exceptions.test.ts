/**
 * The size exception list in scripts/size-limits.json may only shrink: every listed file must still be over
 * one of the limits (a file that is not must leave the list, so the limit then holds for it).
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";

const { limits, exceptions } = JSON.parse(
  readFileSync(new URL("../../scripts/size-limits.json", import.meta.url), "utf8"),
) as { limits: Record<string, unknown>; exceptions: Record<string, string> };

describe("size exceptions", () => {
  it("lists only files that are still over a limit", async () => {
    const files = Object.keys(exceptions);
    const missing = files.filter((f) => !existsSync(new URL(`../../${f}`, import.meta.url)));
    expect(missing, "listed files that no longer exist").toEqual([]);
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ["**/*.ts"],
          languageOptions: { parser: (await import("typescript-eslint")).parser },
          rules: limits as never,
        },
      ],
    });
    const results = await eslint.lintFiles(files);
    const over = new Set(
      results.filter((r) => r.messages.some((m) => m.ruleId?.startsWith("max-lines"))).map((r) => r.filePath),
    );
    const stale = results.filter((r) => !over.has(r.filePath)).map((r) => r.filePath);
    expect(stale).toEqual([]);
  }, 60_000);
});
