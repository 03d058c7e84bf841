/**
 * Eventual assertions, retries and deadlines: `within` polls until the expectation holds (virtual
 * time stepped exactly, real time with backoff), `--retries` re-runs failing cases on real time and
 * marks a later pass flaky, `--case-timeout` stops a hung case, and teardown is never cancelled.
 */
import { describe, expect, it } from "vitest";
import { createFakeTarget, type FakeScript } from "../../test/helpers/fake-target.js";
import {
  caseOf,
  dnsObservation,
  dnsProbe,
  expectStep,
  ident,
  matcher,
  planOf,
  span,
} from "../../test/helpers/plans.js";
import { runPlan, type RunOptions } from "../run-plan.js";

const noerror = (within?: number) =>
  expectStep(dnsProbe, [matcher("rcode", "==", ident("NOERROR"))], within === undefined ? {} : { within });
const one = (steps: Parameters<typeof caseOf>[3]) =>
  planOf({ "a.netspec": [caseOf("a.netspec", "S", "t", steps)] });

async function run(steps: Parameters<typeof caseOf>[3], script: FakeScript, extra: Partial<RunOptions> = {}) {
  const target = createFakeTarget(script);
  const result = await runPlan(one(steps), { targets: [target], seed: 1, now: () => 0, ...extra });
  return { c: result.cases[0]!, calls: target.calls.map((x) => `${x.method} ${x.detail}`) };
}

const converging: FakeScript = {
  observations: { dns: [dnsObservation("NXDOMAIN"), dnsObservation("NXDOMAIN"), dnsObservation("NOERROR")] },
};

describe("within", () => {
  it("on virtual time polls every second of the window until the expectation holds", async () => {
    const { c, calls } = await run([noerror(5000)], { ...converging, capabilities: { virtualTime: true } });
    expect(c.status).toBe("passed");
    expect(c.steps[0]!.polls).toBe(3);
    expect(calls.filter((x) => x.startsWith("wait"))).toEqual(["wait 1000", "wait 1000"]);
  });

  it("keeps the last mismatch when the window runs out", async () => {
    const stuck: FakeScript = {
      observations: { dns: dnsObservation("NXDOMAIN") },
      capabilities: { virtualTime: true },
    };
    const { c, calls } = await run([noerror(2500)], stuck);
    expect(c).toMatchObject({ status: "failed", message: "expected rcode == NOERROR, got NXDOMAIN" });
    expect(calls.filter((x) => x.startsWith("wait"))).toEqual(["wait 1000", "wait 1000", "wait 500"]);
  });

  it("the reference polls only where the spec says within; real time uses the run's default", async () => {
    const virtual = await run(
      [noerror()],
      { ...converging, capabilities: { virtualTime: true } },
      { defaultWithinMs: 5000 },
    );
    expect(virtual.c.status).toBe("failed");
    const real = await run([noerror()], converging, { defaultWithinMs: 5000 });
    expect(real.c.status).toBe("passed");
    expect(real.calls.filter((x) => x.startsWith("wait"))).toEqual(["wait 250", "wait 500"]);
  });

  it("an unsupported observation is skipped at once, not polled", async () => {
    const declined = await run([noerror(5000)], { declines: { dns: "no DNS here" } });
    expect(declined.c).toMatchObject({ status: "skipped", message: "no DNS here" });
  });
});

describe("--retries", () => {
  it("re-runs a failing case on real time and reports a later pass as flaky, with the earlier attempts", async () => {
    const { c } = await run([noerror()], converging, { retries: 3 });
    expect(c.status).toBe("passed");
    expect(c.flaky).toBe(true);
    expect(c.retries?.map((r) => r.status)).toEqual(["failed", "failed"]);
  });

  it("never on virtual time: the same seed fails the same way", async () => {
    const { c } = await run(
      [noerror()],
      { ...converging, capabilities: { virtualTime: true } },
      { retries: 3 },
    );
    expect(c.status).toBe("failed");
    expect(c.retries).toBeUndefined();
  });
});

describe("--case-timeout", () => {
  it("stops a hung case, errors it with its code, and still heals and disposes", async () => {
    const steps = [
      { type: "fault" as const, span: span(), name: "one", args: [] },
      { type: "wait" as const, span: span(), ms: 10 },
    ];
    const script: FakeScript = { failures: { wait: "hang" }, capabilities: { faults: { one: true } } };
    const { c, calls } = await run(steps, script, { caseTimeoutMs: 50 });
    expect(c).toMatchObject({ status: "errored", code: "run/case-timeout" });
    expect(c.message).toMatch(/case timed out after 0.05s/);
    expect(calls).toContain("heal one");
    expect(calls.at(-1)).toBe("dispose ");
  });
});
