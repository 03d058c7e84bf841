import { describe, expect, it } from "vitest";
import { scriptedRunner } from "./commands.js";
import { Kubectl, type PodExec } from "./kubectl.js";
import type { TargetContext } from "../target.js";

function ctx(lines: string[]): TargetContext {
  return {
    log: (l: string) => lines.push(l),
    signal: new AbortController().signal,
  } as unknown as TargetContext;
}

const dig = ["dig", "web.a.svc.cluster.local", "A"];

describe("Kubectl.exec with a pod exec of the target's own (execVia)", () => {
  it("uses the target's way in when it answers, logged with what ran, and never starts kubectl", async () => {
    const runner = scriptedRunner(() => undefined);
    const k = new Kubectl(runner, "kubectl");
    const direct: PodExec = async (t, argv) => ({
      code: 0,
      stdout: `answer from ${t.namespace}/${t.pod}`,
      stderr: "",
      argv: ["runc", "exec", "c1", ...argv],
    });
    k.execVia(direct);
    const log: string[] = [];
    const r = await k.exec("a", "client", dig, ctx(log));
    expect(r.stdout).toBe("answer from a/client");
    expect(runner.calls).toEqual([]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^\$ runc exec c1 dig web\.a\.svc\.cluster\.local A → 0 \(\d+ ms\)$/);
  });

  it("falls back to kubectl exec when the target declines (an ambiguous container)", async () => {
    const runner = scriptedRunner(() => ({ code: 0, stdout: "from kubectl", stderr: "" }));
    const k = new Kubectl(runner, "kubectl");
    k.execVia(async () => undefined);
    const r = await k.exec("a", "client", dig, ctx([]));
    expect(r.stdout).toBe("from kubectl");
    expect(runner.calls.map((c) => c.argv)).toEqual([["kubectl", "exec", "-n", "a", "client", "--", ...dig]]);
  });

  it("execOk fails with the command kubectl would have run when the direct exec exits non-zero", async () => {
    const k = new Kubectl(
      scriptedRunner(() => undefined),
      "kubectl",
    );
    k.execVia(async (_t, argv) => ({ code: 1, stdout: "", stderr: "cat: /etc/x: No such file", argv }));
    await expect(k.execOk("a", "client", ["cat", "/etc/x"], ctx([]))).rejects.toThrow(
      /`kubectl exec -n a client -- cat \/etc\/x` exited with 1:\ncat: \/etc\/x: No such file/,
    );
  });
});
