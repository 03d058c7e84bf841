/**
 * A spec that changes the OpenShift DNS CR on an existing cluster: refused without
 * --allow-cluster-changes; with it, the CR is snapshotted before the change and replaced as it was
 * after the case — also when the run is interrupted (Ctrl-C) half-way.
 */
import { describe, expect, it } from "vitest";
import { caseOf, planOf, span } from "../../../test/helpers/plans.js";
import { runPlan } from "../../run-plan.js";
import { scriptedRunner } from "./commands.js";
import { KubeTarget } from "./kube-target.js";

const dnsCr = {
  apiVersion: "operator.openshift.io/v1",
  kind: "DNS",
  metadata: { name: "default", resourceVersion: "4711", uid: "u-1", generation: 3 },
  spec: { servers: [] },
  status: { clusterIP: "172.30.0.10" },
};
const change = `apiVersion: operator.openshift.io/v1
kind: DNS
metadata: { name: default }
spec:
  servers:
    - name: corp
      zones: [corp.example]
      forwardPlugin: { upstreams: [10.0.0.53] }
`;
const applyStep = {
  type: "apply" as const,
  span: span("o.netspec", 2),
  source: { kind: "inline" as const, manifest: { path: "o.netspec", text: change, line: 3, column: 4 } },
};
const waitStep = { type: "wait" as const, span: span("o.netspec", 9), ms: 5 };
const plan = planOf({ "o.netspec": [caseOf("o.netspec", "OpenShift", "stub zones", [applyStep, waitStep])] });

function cluster(onApply?: () => void) {
  return scriptedRunner((argv) => {
    if (argv.includes("get") && argv.includes("dns.operator.openshift.io"))
      return { code: 0, stdout: JSON.stringify(dnsCr), stderr: "" };
    if (argv.includes("apply")) onApply?.();
    return undefined;
  });
}

describe("objects outside the run's namespaces", () => {
  it("are refused on an existing context unless --allow-cluster-changes", async () => {
    const t = new KubeTarget({ spec: "cluster:prod", runner: cluster() });
    const r = await runPlan(plan, { targets: [t], seed: 1, now: () => 0 });
    expect(r.cases[0]).toMatchObject({ status: "errored", code: "target/cluster-change-refused" });
    expect(r.cases[0]!.message).toMatch(
      /changes DNS default, outside the namespaces the run creates.*--allow-cluster-changes/,
    );
  });

  it("are snapshotted before the change and put back after the case", async () => {
    const runner = cluster();
    const t = new KubeTarget({ spec: "cluster:prod", runner, allowClusterChanges: true });
    const r = await runPlan(plan, { targets: [t], seed: 1, now: () => 0 });
    expect(r.cases[0]!.status).toBe("passed");
    const cmds = runner.calls.map((c) => c.argv.join(" "));
    const snap = cmds.findIndex((c) => c.includes("get dns.operator.openshift.io default -o json"));
    const apply = cmds.findIndex((c) => c.includes("apply -f -"));
    const replace = runner.calls.findIndex((c) => c.argv.includes("replace"));
    expect(snap).toBeGreaterThanOrEqual(0);
    expect(snap).toBeLessThan(apply);
    expect(replace).toBeGreaterThan(apply);
    const restored = JSON.parse(runner.calls[replace]!.input!) as typeof dnsCr;
    expect(restored.spec).toEqual({ servers: [] });
    expect(restored.metadata).toEqual({ name: "default" });
    expect("status" in restored).toBe(false);
  });

  it("are put back after Ctrl-C mid-case too", async () => {
    const abort = new AbortController();
    const runner = cluster(() => abort.abort());
    const t = new KubeTarget({ spec: "cluster:prod", runner, allowClusterChanges: true });
    const r = await runPlan(plan, { targets: [t], seed: 1, now: () => 0, signal: abort.signal });
    expect(r.aborted).toBe(true);
    const last = runner.calls.findLast((c) => c.argv.includes("replace"));
    expect(JSON.parse(last!.input!)).toMatchObject({ kind: "DNS", spec: { servers: [] } });
  });
});

describe("evidence on failure", () => {
  it("collects events, pods, EndpointSlices and CoreDNS's log of a failed case before cleanup", async () => {
    const runner = scriptedRunner((argv) =>
      argv.includes("events")
        ? {
            code: 0,
            stdout: "LAST SEEN   TYPE      REASON   OBJECT\n5s   Warning   BackOff   pod/web",
            stderr: "",
          }
        : undefined,
    );
    const t = new KubeTarget({ spec: "cluster:kind-dev", runner });
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: x }\nspec: { containers: [{ name: c, image: i }] }\n";
    const failing = planOf({
      "e.netspec": [
        caseOf("e.netspec", "S", "t", [
          {
            ...applyStep,
            source: { kind: "inline", manifest: { path: "e.netspec", text: pod, line: 1, column: 0 } },
          },
          {
            type: "expect",
            span: span("e.netspec", 5),
            probe: { kind: "object", ref: { kind: "pod", namespace: "x", name: "web" } },
            matchers: [{ span: span("e.netspec", 6), subject: "exists", op: "is" }],
            divergences: [],
          },
        ]),
      ],
    });
    const r = await runPlan(failing, { targets: [t], seed: 1, now: () => 0 });
    expect(r.cases[0]!.status).toBe("failed");
    const titles = r.cases[0]!.evidence!.map((e) => e.title);
    expect(titles[0]).toMatch(/^events in netspec-1-1-x — \$ kubectl get events -n netspec-1-1-x/);
    expect(titles.some((x) => x.startsWith("pods in netspec-1-1-x"))).toBe(true);
    expect(titles.at(-1)).toMatch(/^CoreDNS log since the case started — .*--since-time=/);
    expect(r.cases[0]!.evidence![0]!.text).toContain("BackOff");
    // Collected before the case's namespaces were deleted.
    const cmds = runner.calls.map((c) => c.argv.join(" "));
    expect(cmds.findIndex((c) => c.includes("get events"))).toBeLessThan(
      cmds.findIndex((c) => c.includes("delete namespace")),
    );
  });
});
