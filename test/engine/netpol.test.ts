/** NetworkPolicy through the engine facade: verdicts with their reasons, and the reach JSON shape. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine, reachToJson } from "../../engine/index.js";

const model = readFileSync(new URL("../../suites/netpol/fixtures/xyz-abc.yaml", import.meta.url), "utf8");

function cluster(policy: string) {
  const engine = createEngine({ profile: "kubeadm", nodes: 3 }, { seed: 1 });
  engine.apply([
    { path: "xyz-abc.yaml", text: model, line: 1, column: 0 },
    { path: "policy.yaml", text: policy, line: 1, column: 0 },
  ]);
  return engine;
}

const allowFromY = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-from-y, namespace: x }
spec:
  podSelector: { matchLabels: { pod: a } }
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: "y" } } }] }]
`;

describe("NetworkPolicy verdicts", () => {
  it("denies with the policy that isolates and says no rule admits the peer", () => {
    const r = cluster(allowFromY).connect({
      from: { kind: "pod", namespace: "z", name: "a" },
      to: { kind: "service", namespace: "x", name: "s-x-a" },
      port: 80,
      protocol: "TCP",
    });
    expect(r.verdict).toBe("denied");
    expect(r.deniedBy).toBe("ingress");
    expect(r.reasons).toContain(
      "ingress to x/a is isolated by x/allow-from-y (podSelector pod=a) and no rule admits z/a on 80/TCP",
    );
    expect(r.hops.map((h) => h.hop)).toEqual([
      "pod",
      "node",
      "service-dnat",
      "policy-egress",
      "policy-ingress",
    ]);
  });

  it("allows with the rule that admitted the peer, evaluated after service DNAT", () => {
    const r = cluster(allowFromY).connect({
      from: { kind: "pod", namespace: "y", name: "c" },
      to: { kind: "service", namespace: "x", name: "s-x-a" },
      port: 80,
      protocol: "TCP",
    });
    expect(r).toMatchObject({ verdict: "allowed", landedOn: "x/a", candidates: ["x/a"] });
    expect(r.reasons).toContain("policy x/allow-from-y ingress rule 1 admits y/c on 80/TCP");
  });

  it("a policy for UDP only still isolates the pod for TCP", () => {
    const udpOnly = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: udp-only, namespace: x }
spec:
  podSelector: { matchLabels: { pod: b } }
  ingress: [{ ports: [{ protocol: UDP, port: 80 }] }]
`;
    const e = cluster(udpOnly);
    expect(
      e.connect({
        from: { kind: "pod", namespace: "y", name: "a" },
        to: { kind: "pod", namespace: "x", name: "b" },
        port: 80,
        protocol: "TCP",
      }).verdict,
    ).toBe("denied");
    expect(
      e.connect({
        from: { kind: "pod", namespace: "y", name: "a" },
        to: { kind: "pod", namespace: "x", name: "b" },
        port: 80,
        protocol: "UDP",
      }).verdict,
    ).toBe("allowed");
  });

  it("reach JSON covers every ordered pair of distinct pods", () => {
    const table = cluster(allowFromY).reach({ port: 80, protocol: "TCP", pods: [] });
    const json = reachToJson(table, 80, "TCP");
    expect(json.pods).toHaveLength(9);
    expect(Object.keys(json.allowed["x/a"]!)).toHaveLength(8);
    expect(json.allowed["z/b"]!["x/a"]).toBe(false);
    expect(json.allowed["y/b"]!["x/a"]).toBe(true);
    expect(json.allowed["x/a"]!["z/b"]).toBe(true);
  });
});
