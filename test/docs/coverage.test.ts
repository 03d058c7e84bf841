/**
 * `netspec coverage` over suites/k8s-dns-spec: every clause of the Kubernetes DNS specification is
 * covered by at least one test and every test of the suite names its clause (a `spec-<clause>` tag),
 * so the generated coverage report is complete; a test without a clause tag is reported.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const root = join(import.meta.dirname, "..", "..");

describe("netspec coverage", () => {
  it("covers every clause, and every spec test names one", async () => {
    const r = await runCli(["coverage", "--json"], root);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      clauses: { clause: string; tests: unknown[] }[];
      untagged: unknown[];
    };
    expect(report.untagged).toEqual([]);
    for (const c of report.clauses) expect(c.tests.length, `clause ${c.clause}`).toBeGreaterThan(0);
    const text = await runCli(["coverage"], root);
    expect(text.stdout).toMatch(
      /^2\.4\.1 +Headless service: A\/AAAA records per ready endpoint: \d+ tests$/m,
    );
    expect(text.stdout).toMatch(/11 of 11 clauses covered by \d+ tests; 0 tests name no clause/);
  });

  it("reports a test that names no clause, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-coverage-"));
    writeFileSync(
      join(dir, "a.netspec"),
      'suite "s" {\n  test "untagged" {\n    expect dns A kubernetes.default.svc.cluster.local { rcode NOERROR }\n  }\n}\n',
    );
    const r = await runCli(["coverage", "a.netspec"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("a.netspec:2  s › untagged");
    expect(r.stdout).toMatch(/2\.1 .*NOT COVERED/);
  });
});
