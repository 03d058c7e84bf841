/**
 * JUnit XML: a <testsuite> per file × target (`<file> [<target>]`), a <testcase> per test
 * (classname = suite, name = test). Disagreeing expectations are <failure>, everything that stopped
 * evaluation is <error>, skips are <skipped> (the reason goes to system-out: junit-report-builder's
 * <skipped> carries no message). Counts match the console summary because both count `cases`.
 */
import junitModule, { type Builder } from "junit-report-builder";
import type { RunResult } from "../runner/index.js";
import { failureText } from "./failure-text.js";

// The package is CommonJS with an ESM-style `default` in its typings: at run time under Node the
// builder is the module's default export itself.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as Builder;

export function renderJunit(
  result: RunResult,
  sources: ReadonlyMap<string, string>,
  options: { timings?: boolean } = {},
): string {
  const builder = junit.newBuilder();
  const groups = new Map<string, typeof result.cases>();
  for (const c of result.cases) {
    const key = `${c.file} [${c.target}]`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [name, cases] of groups) {
    const suite = builder
      .testSuite()
      .name(name)
      .property("target", cases[0]!.target)
      .property("seed", String(result.seed));
    for (const c of cases) {
      const tc = suite.testCase().className(c.suite).name(c.name).file(c.file);
      if (options.timings) tc.time(c.durationMs / 1000);
      const text = failureText(c, sources);
      if (c.status === "failed") tc.failure(c.message ?? "failed", "expectation").standardOutput(text);
      else if (c.status === "errored") tc.error(c.message ?? "errored", "error", text);
      else if (c.status === "skipped") tc.skipped().standardOutput(`skipped: ${c.message ?? ""}`);
    }
  }
  return builder.build();
}
