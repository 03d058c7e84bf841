import { describe, expect, it } from "vitest";
import { scriptedRunner } from "./commands.js";
import { Kubectl } from "./kubectl.js";
import type { TargetContext } from "../target.js";
import { waitForPods } from "./wait-pods.js";

const ctx = { log: () => undefined, signal: new AbortController().signal } as unknown as TargetContext;
const pending = (name: string, nodeName?: string) => ({
  metadata: { name, namespace: "h" },
  ...(nodeName ? { spec: { nodeName } } : {}),
  status: { phase: "Pending" },
});
const running = (name: string) => ({
  metadata: { name, namespace: "h" },
  spec: { nodeName: "worker-0" },
  status: { phase: "Running" },
});

function kubectl(pods: unknown[]) {
  const runner = scriptedRunner((argv) => {
    if (argv.includes("pods")) return { code: 0, stdout: JSON.stringify({ items: pods }), stderr: "" };
    if (argv.includes("nodes")) return { code: 0, stdout: "control-plane worker-0", stderr: "" };
    return undefined;
  });
  return { runner, k: new Kubectl(runner) };
}

describe("waitForPods: until every pod of the case has left Pending", () => {
  it("reads no nodes for a pod the scheduler placed, however long it takes to start", async () => {
    const placed = {
      ...pending("placed", "worker-0"),
      status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }] },
    };
    const { runner, k } = kubectl([placed]);
    await expect(waitForPods(k, ["h"], ctx, 300)).rejects.toThrow(/h\/placed: phase Pending/);
    expect(runner.calls.filter((c) => c.argv.includes("nodes"))).toHaveLength(0);
  });

  it("waits for one pod only when asked (the probe pod, beside another case's pods)", async () => {
    const runner = scriptedRunner((argv) =>
      argv.includes("netspec-probe")
        ? { code: 0, stdout: JSON.stringify(running("netspec-probe")), stderr: "" }
        : undefined,
    );
    await waitForPods(new Kubectl(runner), [{ namespace: "default", pod: "netspec-probe" }], ctx, 300);
    expect(runner.calls.map((c) => c.argv.join(" "))).toEqual([
      "kubectl get pod netspec-probe -n default -o json",
    ]);
  });

  it("does not wait for a pod bound to a node that does not exist (no kubelet will start it)", async () => {
    const { runner, k } = kubectl([running("plain"), pending("orphan", "worker-9")]);
    await waitForPods(k, ["h"], ctx, 1_000);
    expect(runner.calls.filter((c) => c.argv.includes("nodes"))).toHaveLength(1);
  });

  it("reads no nodes when every pod has started", async () => {
    const { runner, k } = kubectl([running("a"), running("b")]);
    await waitForPods(k, ["h"], ctx, 1_000);
    expect(runner.calls.map((c) => c.argv.join(" "))).toEqual(["kubectl get pods -n h -o json"]);
  });

  it("waits, and then fails naming it, for a pending pod on a node that exists", async () => {
    const { k } = kubectl([pending("slow", "worker-0")]);
    await expect(waitForPods(k, ["h"], ctx, 300)).rejects.toThrow(
      /pods did not start within 0.3s: h\/slow: phase Pending/,
    );
  });
});
