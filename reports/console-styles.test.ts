/**
 * The console styles: `quiet` shows only failures, `dot` one character per case, every style ends
 * with the recap (file:line:col, test, one-line reason) and the summary; on a TTY a progress line
 * (tests done / total, elapsed, target and test) goes to the status stream and is cleared.
 */
import { describe, expect, it } from "vitest";
import { runPlan, type Observation } from "../runner/index.js";
import { createFakeTarget } from "../test/helpers/fake-target.js";
import {
  caseOf,
  dnsObservation,
  dnsProbe,
  expectStep,
  ident,
  matcher,
  planOf,
  span,
} from "../test/helpers/plans.js";
import { createConsoleReporter, recapLines } from "./console.js";

const obs: Observation = dnsObservation("NOERROR");

async function run(style: "console" | "quiet" | "dot", live = false) {
  const plan = planOf({
    "a.netspec": [
      caseOf("a.netspec", "S", "ok", [expectStep(dnsProbe, [matcher("rcode", "==", ident("NOERROR"))])]),
      caseOf("a.netspec", "S", "bad", [
        expectStep(dnsProbe, [
          { ...matcher("rcode", "==", ident("NXDOMAIN")), span: span("a.netspec", 3, 49, 14) },
        ]),
      ]),
      caseOf("a.netspec", "S", "later", [], { skip: "not yet" }),
    ],
  });
  let out = "";
  let status = "";
  let t = 0;
  const reporter = createConsoleReporter({
    out: { write: (s: string) => (out += s) },
    status: { write: (s: string) => (status += s) },
    live,
    sources: new Map(),
    style,
    now: () => (t += 1500),
  });
  const result = await runPlan(plan, {
    targets: [createFakeTarget({ name: "reference", observations: { dns: obs } })],
    seed: 1,
    now: () => 0,
    onEvent: (e) => reporter.onEvent?.(e),
  });
  return { out, status, result };
}

describe("console styles", () => {
  it("console: every case, then the recap and the summary", async () => {
    const { out } = await run("console");
    expect(out).toContain("  ✓ S › ok");
    expect(out).toContain(
      "Failures (1):\n  ✗ a.netspec:3:49  S › bad [reference]  expected rcode == NXDOMAIN, got NOERROR",
    );
    expect(out.trimEnd().endsWith("reference: 1 passed, 1 failed, 0 errored, 1 skipped")).toBe(true);
  });

  it("quiet: the failures only", async () => {
    const { out } = await run("quiet");
    expect(out).not.toContain("S › ok");
    expect(out).toContain("  ✗ S › bad");
    expect(out).toContain("Failures (1):");
  });

  it("dot: one character per case, then the failure's detail", async () => {
    const { out } = await run("dot");
    expect(out.startsWith(".Fs\n")).toBe(true);
    expect(out).toContain("expectation failed: expected rcode == NXDOMAIN, got NOERROR");
    expect(out).toContain("Failures (1):");
  });

  it("on a TTY: a progress line with tests done, elapsed time and the current test, then cleared", async () => {
    const { status } = await run("console", true);
    expect(status).toMatch(/\[0\/3 tests\] 0 passed, 0 failed {2}0:01 {2}reference {2}S › ok/);
    expect(status).toMatch(/\[1\/3 tests\] 1 passed, 0 failed {2}0:0\d {2}reference {2}S › bad/);
    expect(status.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("the recap is empty when everything passed", async () => {
    const { result } = await run("console");
    expect(recapLines({ ...result, cases: result.cases.filter((c) => c.status === "passed") })).toEqual([]);
  });
});
