import { describe, expect, it } from "vitest";
import { scriptedRunner } from "../commands.js";
import { Kubectl } from "../kubectl.js";
import { observeFromOutside } from "./connect-outside.js";
import type { ConnectionQuestion, KubeProbeEnv, OutsideConnection, OutsideNetwork } from "./context.js";

const ctx = { seed: 1, workDir: "/tmp", signal: new AbortController().signal, log: () => undefined };
const span = { file: "a.netspec", line: 1, column: 1 };
const probe = (to: unknown) =>
  ({
    kind: "connect",
    from: { kind: "external", ip: "203.0.113.7", span },
    to,
    port: 30080,
    protocol: "TCP",
  }) as never;

function env(answer: OutsideConnection, seen?: string) {
  const asked: ConnectionQuestion[] = [];
  const prepared: string[] = [];
  const outside: OutsideNetwork = {
    prepare: async (ip, port) => void prepared.push(`${ip}:${port}`),
    connect: async () => answer,
  };
  const pods = "default/web-1 10.244.1.5 \ndefault/client 10.244.2.3 \n";
  const kubectl = new Kubectl(
    scriptedRunner((argv) => (argv.includes("pods") ? { code: 0, stdout: pods, stderr: "" } : undefined)),
    "kubectl",
  );
  const e: KubeProbeEnv & { outside: OutsideNetwork } = {
    kubectl,
    resolve: async (v) => ((v as { fn: string }).fn === "node-ip" ? ["172.18.0.3"] : []),
    probePod: async () => ({ namespace: "default", name: "p" }),
    admit: async () => ({ code: 0, stdout: "", stderr: "" }),
    backendsAnswerHostname: true,
    outside,
    datapath: {
      rejected: async () => false,
      candidates: async () => [],
      sourceSeen: async (q) => {
        asked.push(q);
        return seen;
      },
    },
  };
  return { e, asked, prepared };
}

describe("a connection from outside the cluster", () => {
  it("lands where the backend's hostname says; the source is the conntrack reply on the entry node", async () => {
    const { e, asked } = env(
      { verdict: "allowed", firstLine: "web-1", detail: "dialled", node: "worker" },
      "172.18.0.3",
    );
    const obs = await observeFromOutside(e, probe({ kind: "node", name: "worker", span }), ctx);
    expect(obs).toMatchObject({ verdict: "allowed", landedOn: "default/web-1", sourceIp: "172.18.0.3" });
    expect(asked[0]).toMatchObject({
      ip: "172.18.0.3",
      port: 30080,
      outside: { ip: "203.0.113.7", node: "worker" },
    });
  });

  it("a dropped one is a timeout with nothing landed; an address beyond the cluster is prepared first", async () => {
    const { e, prepared } = env({ verdict: "timeout", detail: "dialled: timeout" });
    const obs = await observeFromOutside(e, probe({ kind: "ip", ip: "192.0.2.10", span }), ctx);
    expect(obs).toMatchObject({ verdict: "timeout", candidates: [] });
    expect(obs.landedOn).toBeUndefined();
    expect(prepared).toEqual(["192.0.2.10:30080"]);
  });

  it("pods are not routed from outside: said so, not guessed", async () => {
    const { e } = env({ verdict: "allowed", detail: "" });
    await expect(
      observeFromOutside(e, probe({ kind: "pod", ref: { namespace: "default", name: "web-1" }, span }), ctx),
    ).rejects.toThrow(/pod addresses are not routed from outside/);
  });
});
