/**
 * JUnit XML as CI dashboards read it (GitLab's unit test reports, Jenkins' junit and xunit plugins,
 * GitHub test-report actions): a <testsuite> per file × target (`<file> [<target>]`) with `time`,
 * `timestamp` and `file`, a <testcase> per test (classname = suite, name = test) with `time`,
 * `file` and `line`. A disagreeing expectation is <failure message type> with the whole detail (code
 * frame, expected/actual, observation, reasons) as its body; anything that stopped evaluation is
 * <error message type> likewise; skips are <skipped message>. A case re-run by `--retries` is written
 * the way Maven Surefire writes reruns (https://maven.apache.org/surefire/maven-surefire-plugin/
 * examples/rerun-failing-tests.html), which Jenkins reads: a pass after failures carries
 * <flakyFailure>/<flakyError> per earlier attempt, a case that kept failing carries
 * <rerunFailure>/<rerunError>. The shape is checked against Jenkins xunit's junit-10.xsd
 * (test/e2e/schema/). Counts match the console summary because both count `cases`.
 *
 * junit-report-builder, the library this used, cannot write a <skipped> message, a `line`
 * attribute, a testsuite `file` or Surefire's rerun elements, hence this small writer (reports/xml.ts).
 */
import type { CaseResult, RunResult } from "../runner/index.js";
import { failureText } from "./failure-text.js";
import { renderXml, type XmlElement } from "./xml.js";

export interface JunitOptions {
  /** When the run started (ISO 8601); every testsuite's `timestamp`. */
  timestamp?: string;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** First line of a message, for `message` attributes (dashboards show it as the title). */
const title = (text: string | undefined, fallback: string) => (text ?? fallback).split("\n")[0]!;

function outcome(c: CaseResult, sources: ReadonlyMap<string, string>): XmlElement[] {
  const detail = failureText(c, sources);
  const type = c.code ?? (c.status === "failed" ? "expectation" : "error");
  const reruns = (c.retries ?? []).map((a): XmlElement => ({
    name: `${c.flaky ? "flaky" : "rerun"}${a.status === "errored" ? "Error" : "Failure"}`,
    attrs: { message: title(a.message, a.status), type: a.status === "errored" ? "error" : "expectation" },
    children: [{ name: "stackTrace", text: a.message ?? a.status }],
  }));
  switch (c.status) {
    case "failed":
      return [
        { name: "failure", attrs: { message: title(c.message, "failed"), type }, text: detail },
        ...reruns,
      ];
    case "errored":
      return [
        { name: "error", attrs: { message: title(c.message, "errored"), type }, text: detail },
        ...reruns,
      ];
    case "skipped":
      return [{ name: "skipped", attrs: { message: c.message ?? "skipped" } }];
    default:
      return reruns;
  }
}

function testcase(c: CaseResult, sources: ReadonlyMap<string, string>): XmlElement {
  return {
    name: "testcase",
    attrs: {
      classname: c.suite,
      name: c.name,
      time: seconds(c.durationMs),
      file: c.file,
      line: c.span.line,
    },
    children: outcome(c, sources),
  };
}

export function renderJunit(
  result: RunResult,
  sources: ReadonlyMap<string, string>,
  options: JunitOptions = {},
): string {
  const groups = new Map<string, CaseResult[]>();
  for (const c of result.cases) {
    const key = `${c.file} [${c.target}]`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const count = (cases: CaseResult[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.status === "failed").length,
    errors: cases.filter((c) => c.status === "errored").length,
    skipped: cases.filter((c) => c.status === "skipped").length,
  });
  const total = (cases: CaseResult[]) => seconds(cases.reduce((ms, c) => ms + c.durationMs, 0));
  const suites = [...groups].map(([name, cases]): XmlElement => ({
    name: "testsuite",
    attrs: {
      name,
      ...count(cases),
      time: total(cases),
      timestamp: options.timestamp,
      file: cases[0]!.file,
    },
    children: [
      {
        name: "properties",
        children: [
          { name: "property", attrs: { name: "target", value: cases[0]!.target } },
          { name: "property", attrs: { name: "seed", value: String(result.seed) } },
        ],
      },
      ...cases.map((c) => testcase(c, sources)),
    ],
  }));
  const all = count(result.cases);
  return renderXml({
    name: "testsuites",
    attrs: {
      name: "netspec",
      tests: all.tests,
      failures: all.failures,
      errors: all.errors,
      skipped: all.skipped,
      time: seconds(result.durationMs),
    },
    children: suites,
  });
}
