import { describe, expect, it } from "vitest";
import { scriptedRunner } from "../commands.js";
import { Kubectl } from "../kubectl.js";
import type { ProbeOf, TargetContext } from "../../target.js";
import type { KubeProbeEnv } from "./context.js";
import { observeResolvConf } from "./pod-files.js";

const ctx = { log: () => undefined, signal: new AbortController().signal } as unknown as TargetContext;
const probe = {
  kind: "resolv-conf",
  of: { kind: "pod", ref: { kind: "Pod", namespace: "ns1", name: "many-ns" } },
} as unknown as ProbeOf<"resolv-conf">;

const RESOLV =
  "search ns1.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\nnameserver 1.1.1.1\nnameserver 8.8.8.8\noptions ndots:5\n";
const LIMITS =
  "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 8.8.8.8";

function env(events: { type: string; reason: string; message: string }[]) {
  const runner = scriptedRunner((argv) => {
    if (argv.includes("cat")) return { code: 0, stdout: RESOLV, stderr: "" };
    if (argv.includes("events")) return { code: 0, stdout: JSON.stringify({ items: events }), stderr: "" };
    return undefined;
  });
  return { runner, env: { kubectl: new Kubectl(runner) } as unknown as KubeProbeEnv };
}

describe("resolv.conf on a real cluster: the file and the kubelet's DNSConfigForming warnings", () => {
  it("reports the kubelet's Warning events for the pod, one per distinct message", async () => {
    const { env: e, runner } = env([
      { type: "Warning", reason: "DNSConfigForming", message: LIMITS },
      { type: "Warning", reason: "DNSConfigForming", message: LIMITS },
    ]);
    const obs = await observeResolvConf(e, probe, ctx);
    expect(obs.nameservers).toEqual(["10.96.0.10", "1.1.1.1", "8.8.8.8"]);
    expect(obs.warnings).toEqual([LIMITS]);
    const asked = runner.calls.find((c) => c.argv.includes("events"))!.argv;
    expect(asked).toContain("involvedObject.kind=Pod,involvedObject.name=many-ns,reason=DNSConfigForming");
    expect(asked).toContain("ns1");
  });

  it("has no warnings when the kubelet recorded none", async () => {
    expect((await observeResolvConf(env([]).env, probe, ctx)).warnings).toEqual([]);
  });
});
