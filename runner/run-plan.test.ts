import { describe, expect, it } from "vitest";
import type { Observation } from "./observation.js";
import { runPlan, type RunOptions } from "./run-plan.js";
import type { RunEvent } from "./events.js";
import { createFakeTarget, type FakeScript } from "../test/helpers/fake-target.js";
import { TargetError } from "./targets/target.js";
import { caseOf, dnsProbe, expectStep, ident, matcher, planOf, span } from "../test/helpers/plans.js";

const obs = (rcode: string): Observation => ({
  kind: "dns",
  server: "s",
  transport: "udp",
  timeout: false,
  rcode,
  flags: [],
  question: [],
  answer: [],
  authority: [],
  additional: [],
  elapsedMs: 0,
  reasons: ["kubernetes plugin answered"],
});
const expectRcode = (rcode: string) => expectStep(dnsProbe, [matcher("rcode", "==", ident(rcode))]);
const run = (plan: ReturnType<typeof planOf>, script: FakeScript = {}, extra: Partial<RunOptions> = {}) => {
  const target = createFakeTarget({ observations: { dns: obs("NOERROR") }, ...script });
  const events: RunEvent[] = [];
  return runPlan(plan, {
    targets: [target],
    seed: 1,
    now: () => 0,
    onEvent: (e) => events.push(e),
    ...extra,
  }).then((result) => ({ result, target, events }));
};

const plan = planOf({
  "a.netspec": [
    caseOf("a.netspec", "S", "ok", [expectRcode("NOERROR")], { tags: ["dns"] }),
    caseOf("a.netspec", "S", "bad", [expectRcode("NXDOMAIN")], { tags: ["slow"] }),
  ],
  "b.netspec": [
    caseOf("b.netspec", "T", "skipped", [], { skip: "later" }),
    caseOf("b.netspec", "T", "ok2", [expectRcode("NOERROR")]),
  ],
});

describe("runPlan", () => {
  it("runs cases in plan order and records statuses", async () => {
    const { result, events } = await run(plan);
    expect(result.cases.map((c) => `${c.name}:${c.status}`)).toEqual([
      "ok:passed",
      "bad:failed",
      "skipped:skipped",
      "ok2:passed",
    ]);
    expect(result.summaries.fake).toEqual({ passed: 2, failed: 1, errored: 0, skipped: 1 });
    const bad = result.cases[1]!;
    expect(bad.message).toBe("expected rcode == NXDOMAIN, got NOERROR");
    expect(bad.reasons).toEqual(["kubernetes plugin answered"]);
    expect(events.map((e) => e.type)).toEqual([
      "run-start",
      "file-start",
      "case-start",
      "step-end",
      "case-end",
      "case-start",
      "step-end",
      "case-end",
      "file-end",
      "file-start",
      "case-start",
      "case-end",
      "case-start",
      "step-end",
      "case-end",
      "file-end",
      "run-end",
    ]);
  });

  it("events are in plan order whatever the parallelism", async () => {
    const targets = () => [
      createFakeTarget({ name: "one", observations: { dns: obs("NOERROR") } }),
      createFakeTarget({ name: "two", observations: { dns: obs("NOERROR") } }),
    ];
    const order = async (parallel: number) => {
      const events: string[] = [];
      await runPlan(plan, {
        targets: targets(),
        seed: 1,
        parallel,
        now: () => 0,
        onEvent: (e) => e.type === "case-end" && events.push(`${e.result.target}:${e.result.name}`),
      });
      return events;
    };
    expect(await order(4)).toEqual(await order(1));
  });

  it("bail stops after the first failure; tags, grep and shard select", async () => {
    expect((await run(plan, {}, { bail: true })).result.cases.map((c) => c.name)).toEqual(["ok", "bad"]);
    expect(
      (await run(plan, {}, { filter: { tags: ["dns", "slow"] } })).result.cases.map((c) => c.name),
    ).toEqual(["ok", "bad"]);
    expect((await run(plan, {}, { filter: { tags: ["!slow"] } })).result.cases.map((c) => c.name)).toEqual([
      "ok",
      "skipped",
      "ok2",
    ]);
    expect((await run(plan, {}, { filter: { grep: /T › ok/ } })).result.cases.map((c) => c.name)).toEqual([
      "ok2",
    ]);
    const s1 = (await run(plan, {}, { filter: { shard: { index: 1, count: 2 } } })).result.cases.map(
      (c) => c.name,
    );
    const s2 = (await run(plan, {}, { filter: { shard: { index: 2, count: 2 } } })).result.cases.map(
      (c) => c.name,
    );
    expect([...s1, ...s2].sort()).toEqual(["bad", "ok", "ok2", "skipped"]);
    expect(s1).toEqual(["ok", "skipped"]);
  });

  it("errors, unsupported steps and unsupported probes", async () => {
    const p = planOf({
      "c.netspec": [
        caseOf("c.netspec", "S", "apply", [{ type: "wait", span: span(), ms: 5 }, expectRcode("NOERROR")]),
      ],
    });
    expect(
      (await run(p, { failures: { wait: new TargetError("no such thing", "user") } })).result.cases[0],
    ).toMatchObject({ status: "errored", message: "no such thing" });
    expect(
      (await run(p, { failures: { wait: new TargetError("cannot wait here", "unsupported") } })).result
        .cases[0],
    ).toMatchObject({ status: "skipped", message: "cannot wait here" });
    // A suite the target cannot realise (prepare says unsupported) is skipped, any other failure errors.
    expect(
      (await run(p, { failures: { prepare: new TargetError("no such release here", "unsupported") } })).result
        .cases[0],
    ).toMatchObject({ status: "skipped", message: "no such release here" });
    expect(
      (await run(p, { failures: { prepare: new TargetError("no binaries", "internal") } })).result.cases[0],
    ).toMatchObject({ status: "errored", message: 'preparing fake for suite "S" failed: no binaries' });
    expect((await run(p, { declines: { dns: "the fake does not do DNS" } })).result.cases[0]).toMatchObject({
      status: "skipped",
    });
    expect(
      (await run(p, { failures: { wait: "hang" } }, { stepTimeoutMs: 20 })).result.cases[0],
    ).toMatchObject({ status: "errored", message: "wait timed out after 0.02s" });
  });

  it("heals active faults in reverse order and disposes even after failures", async () => {
    const fault = (name: string) => ({ type: "fault" as const, span: span(), name, args: [] });
    const p = planOf({
      "f.netspec": [
        caseOf("f.netspec", "S", "faulty", [fault("one"), fault("two"), expectRcode("NXDOMAIN")]),
      ],
    });
    const { result, target } = await run(p, { capabilities: { faults: { one: true, two: true } } });
    expect(result.cases[0]!.status).toBe("failed");
    expect(target.calls.map((c) => `${c.method}${c.detail ? ` ${c.detail}` : ""}`)).toEqual([
      "prepare S",
      "reset S",
      "fault one",
      "fault two",
      "probe dns",
      "heal two",
      "heal one",
      "dispose",
    ]);
    const unsupported = await run(p, {
      capabilities: { faults: { one: "the reference engine cannot do that" } },
    });
    expect(unsupported.result.cases[0]).toMatchObject({
      status: "skipped",
      message: "the reference engine cannot do that",
    });
  });

  it("abort stops the run and still disposes", async () => {
    const controller = new AbortController();
    const { result, target } = await run(
      plan,
      {},
      { signal: controller.signal, onEvent: (e) => e.type === "case-end" && controller.abort() },
    );
    expect(result.aborted).toBe(true);
    expect(result.cases).toHaveLength(1);
    expect(target.calls.at(-1)!.method).toBe("dispose");
  });

  it("known divergences replace matchers or skip", async () => {
    const step = expectRcode("NXDOMAIN");
    step.divergences = [
      {
        span: span(),
        target: "fake",
        params: { cni: "cilium" },
        reason: "differs",
        matchers: [matcher("rcode", "==", ident("NOERROR"))],
      },
    ];
    const p = planOf({ "d.netspec": [caseOf("d.netspec", "S", "div", [step])] });
    expect((await run(p, { params: { cni: "cilium" } })).result.cases[0]!.status).toBe("passed");
    expect((await run(p, { params: { cni: "calico" } })).result.cases[0]!.status).toBe("failed");
    step.divergences[0]!.skip = true;
    const skipped = (await run(p, { params: { cni: "cilium" } })).result.cases[0]!;
    expect(skipped).toMatchObject({ status: "skipped", message: "known divergence on fake: differs" });
  });

  it("a throwing reporter never breaks the run", async () => {
    const warnings: string[] = [];
    const { result } = await run(
      plan,
      {},
      {
        onEvent: () => {
          throw new Error("boom");
        },
        warn: (l) => warnings.push(l),
      },
    );
    expect(result.cases).toHaveLength(4);
    expect(warnings).toEqual(["netspec: a reporter failed and was ignored: boom"]);
  });

  it("apply dir hands the target the manifests the loader read, in order", async () => {
    // The loader reads the directory (dsl/files.ts: yaml/json, sorted); the runner reads no file.
    const m = (path: string) => ({ path, text: "", line: 1, column: 0 });
    const p = planOf({
      "e.netspec": [
        caseOf("e.netspec", "S", "dir", [
          {
            type: "apply",
            span: span(),
            source: { kind: "dir", path: "m", manifests: [m("m/a.json"), m("m/b.yaml")] },
          },
        ]),
      ],
    });
    const { target } = await run(p);
    expect(target.calls.find((c) => c.method === "apply")!.detail).toBe("m/a.json,m/b.yaml");
  });
});

describe("failure messages", () => {
  it("say a flag's expectation once: expected timeout, got what came instead", async () => {
    const p = planOf({
      "a.netspec": [caseOf("a.netspec", "S", "tc", [expectStep(dnsProbe, [matcher("timeout", "is")])])],
    });
    const { result } = await run(p);
    expect(result.cases[0]!.message).toMatch(/^expected timeout, got (?!timeout)/);
  });
});

describe("`because` on a target without engine reasons", () => {
  it("is left out of the expectation, and an expectation made only of it is skipped", async () => {
    const because = matcher("because", "has", { kind: "string", value: "x", span } as never);
    const p = planOf({
      "a.netspec": [
        caseOf("a.netspec", "S", "only-because", [expectStep(dnsProbe, [because])]),
        caseOf("a.netspec", "S", "mixed", [
          expectStep(dnsProbe, [matcher("rcode", "==", ident("NXDOMAIN")), because]),
        ]),
      ],
    });
    const { result } = await run(p, { capabilities: { reasons: false } });
    expect(result.cases.map((c) => `${c.name}:${c.status}`)).toEqual([
      "only-because:skipped",
      "mixed:failed",
    ]);
    expect(result.cases[0]!.message).toMatch(/does not report/);
    expect(result.cases[1]!.message).toBe("expected rcode == NXDOMAIN, got NOERROR");
  });
});
