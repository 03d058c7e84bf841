/**
 * The JUnit report validates against the schema CI dashboards use (Jenkins xunit's junit-10.xsd with
 * the `file`/`line` attributes GitLab and GitHub read: test/e2e/schema/README.md), checked by
 * `xmllint --schema`: a real run with a pass, a failure, an error and a skip, and a result with
 * Surefire-style reruns (a flaky pass and a case that kept failing). Without xmllint (Debian's
 * libxml2-utils) the validation is skipped with that reason; the shape assertions still run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderJunit } from "../../reports/index.js";
import type { CaseResult, RunResult } from "../../runner/index.js";
import { runCli } from "../helpers/cli.js";

const schema = join(import.meta.dirname, "schema", "junit-10.xsd");
const xmllint = spawnSync("xmllint", ["--version"]).status === 0;

function validate(xml: string): void {
  const dir = mkdtempSync(join(tmpdir(), "netspec-junit-"));
  const file = join(dir, "report.xml");
  writeFileSync(file, xml);
  // Throws (with xmllint's own message) when the document does not validate.
  execFileSync("xmllint", ["--noout", "--schema", schema, file], { stdio: "pipe" });
}

const spec = `suite "four outcomes" {
  tags demo
  test "passes" {
    expect dns A kubernetes.default.svc.cluster.local { rcode NOERROR }
  }
  test "fails" {
    expect dns A kubernetes.default.svc.cluster.local { rcode NXDOMAIN }
  }
  test "errors" {
    delete pod default/nobody
  }
  test "skips" skip "not on this cluster" {
    wait 1s
  }
}
`;

describe(`JUnit report${xmllint ? "" : " (schema validation skipped: xmllint is not installed; apt-get install libxml2-utils)"}`, () => {
  it("of a real run carries what dashboards read, and validates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-junit-run-"));
    writeFileSync(join(dir, "four.netspec"), spec);
    const r = await runCli(["run", "four.netspec", "--reporter", "junit:out.xml"], dir);
    expect(r.code).toBe(2);
    const xml = readFileSync(join(dir, "out.xml"), "utf8");
    expect(xml).toMatch(
      /<testsuite name="four.netspec \[reference\]" tests="4" failures="1" errors="1" skipped="1" time="[\d.]+" timestamp="\d{4}-\d\d-\d\dT[^"]+" file="four.netspec">/,
    );
    expect(xml).toMatch(
      /<testcase classname="four outcomes" name="passes" time="[\d.]+" file="four.netspec" line="3"\/>/,
    );
    // The failure's message is its first line; the detail (frame, expected/actual, observation) its body.
    expect(xml).toMatch(
      /<failure message="expected rcode == NXDOMAIN, got NOERROR" type="expectation"><!\[CDATA\[expectation failed: [^]*--> four.netspec:7:\d+[^]*observed:/,
    );
    expect(xml).toMatch(
      /<error message="[^"]*not found[^"]*" type="object\/not-found"><!\[CDATA\[error\[object\/not-found\]/,
    );
    expect(xml).toContain('<skipped message="not on this cluster"/>');
    if (xmllint) validate(xml);
  });

  it("writes reruns as Maven Surefire does, and validates", () => {
    const base = {
      suite: "s",
      file: "a.netspec",
      span: { file: "a.netspec", line: 2, column: 3, offset: 0, endLine: 2, endColumn: 9, endOffset: 0 },
      target: "kind",
      durationMs: 1500,
      steps: [],
      reasons: [],
    };
    const cases: CaseResult[] = [
      {
        ...base,
        id: "a::s::flaky",
        name: "flaky",
        status: "passed",
        flaky: true,
        retries: [{ status: "failed", message: "expected rcode == NOERROR, got SERVFAIL", durationMs: 900 }],
      },
      {
        ...base,
        id: "a::s::broken",
        name: "broken",
        status: "failed",
        message: "expected rcode == NOERROR, got NXDOMAIN",
        retries: [
          { status: "failed", message: "expected rcode == NOERROR, got NXDOMAIN", durationMs: 800 },
          { status: "errored", message: "kubectl timed out", durationMs: 60000 },
        ],
      },
    ];
    const result: RunResult = {
      seed: 1,
      targets: ["kind"],
      cases,
      summaries: { kind: { passed: 1, failed: 1, errored: 0, skipped: 0 } },
      durationMs: 3000,
      aborted: false,
      errors: [],
    };
    const xml = renderJunit(result, new Map(), { timestamp: "2025-01-01T00:00:00.000Z" });
    expect(xml).toContain(
      '<flakyFailure message="expected rcode == NOERROR, got SERVFAIL" type="expectation">',
    );
    expect(xml).toContain(
      '<rerunFailure message="expected rcode == NOERROR, got NXDOMAIN" type="expectation">',
    );
    expect(xml).toContain('<rerunError message="kubectl timed out" type="error">');
    expect(xml).toContain("<stackTrace><![CDATA[kubectl timed out]]></stackTrace>");
    if (xmllint) validate(xml);
  });
});
