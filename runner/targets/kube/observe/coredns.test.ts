import { afterAll, describe, expect, it } from "vitest";
import { scriptedRunner } from "../commands.js";
import { Kubectl } from "../kubectl.js";
import type { TargetContext } from "../../target.js";
import type { KubeProbeEnv } from "./context.js";
import { observeCoredns } from "./coredns.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";

// The run journal (run-journal.ts) of targets under test goes here, not into /tmp itself.
const scratch = mkdtempSync(joinPath(tmpdir(), "nsx-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ctx: TargetContext = { seed: 1, workDir: scratch, signal: new AbortController().signal, log: () => {} };

const pod = (name: string, ready: boolean, state: object, restartCount = 0) => ({
  metadata: { name },
  status: {
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
    containerStatuses: [{ state, restartCount }],
  },
});

function envWith(pods: object[], logs: Record<string, string>): KubeProbeEnv {
  const runner = scriptedRunner((argv) => {
    if (argv.includes("pods") && argv.includes("kube-system"))
      return { code: 0, stdout: JSON.stringify({ items: pods }), stderr: "" };
    if (argv.includes("pods")) return { code: 0, stdout: JSON.stringify({ items: [] }), stderr: "" };
    if (argv[1] === "logs") {
      const key = `${argv[4]}${argv.includes("--previous") ? " previous" : ""}`;
      return logs[key] !== undefined
        ? { code: 0, stdout: logs[key]!, stderr: "" }
        : { code: 1, stdout: "", stderr: "x" };
    }
    return undefined;
  });
  return {
    kubectl: new Kubectl(runner),
    resolve: async () => [],
    probePod: async () => ({ namespace: "d", name: "p" }),
    admit: async () => ({ code: 0, stdout: "", stderr: "" }),
  };
}

describe("expect coredns on a real cluster", () => {
  it("two Ready replicas are Running", async () => {
    const env = envWith([pod("coredns-a", true, { running: {} }), pod("coredns-b", true, { running: {} })], {
      "coredns-a": ".:53\nCoreDNS-1.11.3\n",
    });
    expect(await observeCoredns(env, ctx)).toEqual({
      kind: "coredns",
      status: "Running",
      ready: true,
      replicas: 2,
      readyReplicas: 2,
      log: [".:53", "CoreDNS-1.11.3"],
    });
  });

  it("a crash-looping replica is CrashLoopBackOff, with the previous container's log", async () => {
    const env = envWith([pod("coredns-a", false, { waiting: { reason: "CrashLoopBackOff" } }, 3)], {
      "coredns-a previous": '[FATAL] plugin/loop: Loop (127.0.0.1:42 -> :53) detected for zone "."\n',
    });
    const obs = await observeCoredns(env, ctx);
    expect(obs).toMatchObject({ status: "CrashLoopBackOff", ready: false, replicas: 1, readyReplicas: 0 });
    expect(obs.log).toEqual(['[FATAL] plugin/loop: Loop (127.0.0.1:42 -> :53) detected for zone "."']);
  });

  it("no DNS pods at all (scaled to zero) is NotReady with no replicas", async () => {
    expect(await observeCoredns(envWith([], {}), ctx)).toMatchObject({
      status: "NotReady",
      replicas: 0,
      readyReplicas: 0,
    });
  });
});
