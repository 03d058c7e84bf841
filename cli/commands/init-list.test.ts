import { describe, it, expect } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main.js";

async function cli(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: {},
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe("netspec init and list", () => {
  it("init scaffolds a suite that passes, refuses to overwrite, and list shows its tests", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-init-"));
    const made = await cli(["init", "suites"], dir);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("suites/example.netspec");
    const run = await cli(["run", "suites"], dir);
    expect(run.code).toBe(0);
    const again = await cli(["init", "suites"], dir);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/not overwriting/);
    const listed = await cli(["list", "suites", "--json"], dir);
    const tests = (JSON.parse(listed.stdout) as { tests: { test: string; tags: string[] }[] }).tests;
    expect(tests).toHaveLength(3);
    expect(tests.every((t) => t.tags.includes("dns"))).toBe(true);
    const none = await cli(["list", "suites", "--tags", "netpol"], dir);
    expect(none.stdout.trim()).toBe("0 tests");
  });
});
