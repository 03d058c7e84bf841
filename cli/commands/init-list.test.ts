import { describe, it, expect } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../test/helpers/cli.js";

const cli = runCli;

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
