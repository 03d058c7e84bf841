/**
 * docs/ci.md stays true: its YAML examples parse, and every `npx netspec …` command it shows names a
 * command netspec has, with flags that command accepts (checked against its --help).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runCli } from "../helpers/cli.js";

const root = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(root, "docs", "ci.md"), "utf8");

describe("docs/ci.md", () => {
  it("has YAML examples that parse", () => {
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks)
      for (const d of parseAllDocuments(b) as { errors: unknown[] }[]) expect(d.errors).toEqual([]);
  });

  it("shows only commands and flags netspec has", async () => {
    // Folded YAML (`>`) and shell lines: join continuation lines, then take each `npx netspec …`.
    const text = doc.replace(/>\n(\s+)/g, "").replace(/\n\s{10,}--/g, " --");
    const commands = [...text.matchAll(/npx netspec ([a-z]+)([^\n&'`#]*)/g)].map((m) => ({
      command: m[1]!,
      flags: [...m[2]!.matchAll(/(--[a-z-]+)/g)].map((f) => f[1]!),
    }));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const { command, flags } of commands) {
      const help = await runCli([command, "--help"], root);
      expect(help.code, command).toBe(0);
      for (const f of flags) expect(help.stdout, `${command} ${f}`).toContain(f);
    }
  });
});
