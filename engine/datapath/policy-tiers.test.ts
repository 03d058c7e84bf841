/**
 * The policy tiers on the upstream x/y/z model: ANP priority order and Pass, NetworkPolicy between,
 * the baseline where NetworkPolicy does not isolate; every verdict asserted with its reason.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../create-engine.js";
import type { ConnectResult } from "./types.js";

const model = readFileSync(join(import.meta.dirname, "../../suites/netpol/fixtures/xyz-abc.yaml"), "utf8");

function world(manifests: string, cni?: string) {
  const e = createEngine({ profile: "kubeadm", nodes: 3, ...(cni ? { cni } : {}) }, { seed: 1 });
  e.apply([{ path: "model.yaml", text: model, line: 1, column: 0 }]);
  e.apply([{ path: "policies.yaml", text: manifests, line: 1, column: 0 }]);
  return e;
}

const connect = (e: ReturnType<typeof world>, from: string, to: string, port = 80, protocol = "TCP") => {
  const [fns, fname] = from.split("/");
  const [tns, tname] = to.split("/");
  return e.connect({
    from: { kind: "pod", namespace: fns!, name: fname! },
    to: { kind: "pod", namespace: tns!, name: tname! },
    port,
    protocol: protocol as "TCP",
  });
};
const why = (r: ConnectResult) => `${r.verdict}: ${r.reasons.join(" | ")}`;

const ANP = (name: string, priority: number, spec: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: ${name} }
spec:
  priority: ${priority}
${spec}`;
const SUBJECT_X = "  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: x } } }";
const FROM_Y = `[{ namespaces: { matchLabels: { kubernetes.io/metadata.name: "y" } } }]`;

describe("policy tiers", () => {
  it("the lowest priority number decides; same priority ties break by name", () => {
    const e = world(
      [
        ANP("b-allow", 5, `${SUBJECT_X}\n  ingress: [{ action: Allow, from: ${FROM_Y} }]`),
        ANP("a-deny", 5, `${SUBJECT_X}\n  ingress: [{ name: deny-y, action: Deny, from: ${FROM_Y} }]`),
        ANP("late-allow", 50, `${SUBJECT_X}\n  ingress: [{ action: Allow, from: ${FROM_Y} }]`),
      ].join("\n---"),
    );
    expect(why(connect(e, "y/a", "x/a"))).toBe(
      'denied: no egress policy selects y/a | AdminNetworkPolicy "a-deny" rule 1 (priority 5): Deny ingress to x/a from y/a on 80/TCP (rule "deny-y")',
    );
    expect(why(connect(e, "z/a", "x/a"))).toMatch(/^allowed: .*no ingress policy selects x\/a/);
  });

  it("Allow overrides NetworkPolicy isolation; Pass hands the connection to NetworkPolicy", () => {
    const np = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: x }
spec: { podSelector: {}, ingress: [] }`;
    const allow = world(
      `${np}\n---${ANP("allow-y", 1, `${SUBJECT_X}\n  ingress: [{ action: Allow, from: ${FROM_Y}, ports: [{ portNumber: { port: 80 } }] }]`)}`,
    );
    expect(why(connect(allow, "y/b", "x/c"))).toMatch(
      /AdminNetworkPolicy "allow-y" rule 1 \(priority 1\): Allow ingress to x\/c from y\/b on 80\/TCP/,
    );
    expect(connect(allow, "y/b", "x/c", 81).verdict).toBe("denied");
    const pass = world(
      `${np}\n---${ANP("pass-y", 1, `${SUBJECT_X}\n  ingress: [{ action: Pass, from: ${FROM_Y} }]`)}`,
    );
    expect(why(connect(pass, "y/b", "x/c"))).toContain(
      'AdminNetworkPolicy "pass-y" rule 1 (priority 1): Pass ingress to x/c from y/b on 80/TCP; passed to NetworkPolicy; ingress to x/c is isolated by x/deny-all',
    );
  });

  it("the baseline applies only where no NetworkPolicy isolates the pod", () => {
    const e = world(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec:
${SUBJECT_X}
  ingress: [{ action: Deny, from: ${FROM_Y} }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-y-to-a, namespace: x }
spec:
  podSelector: { matchLabels: { pod: a } }
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: "y" } } }] }]`);
    expect(why(connect(e, "y/a", "x/b"))).toContain(
      'BaselineAdminNetworkPolicy "default" rule 1: Deny ingress to x/b from y/a on 80/TCP',
    );
    expect(why(connect(e, "y/a", "x/a"))).toContain("policy x/allow-y-to-a ingress rule 1 admits y/a");
  });

  it("egress: networks match pod IPs too, named ports resolve on the destination, UDP and SCTP ranges", () => {
    const e = world(
      ANP(
        "egress",
        3,
        `  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: a } } } }
  egress:
  - { action: Deny, to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: b } } } }], ports: [{ namedPort: serve-81-udp }] }
  - { action: Deny, to: [{ namespaces: {} }], ports: [{ portRange: { protocol: SCTP, start: 80, end: 80 } }] }
  - { action: Deny, to: [{ networks: [0.0.0.0/0] }], ports: [{ portNumber: { protocol: TCP, port: 81 } }] }`,
      ),
    );
    expect(why(connect(e, "x/a", "y/b", 81, "UDP"))).toContain(
      'AdminNetworkPolicy "egress" rule 1 (priority 3): Deny egress from x/a to y/b on 81/UDP',
    );
    expect(connect(e, "x/a", "y/b", 80, "UDP").verdict).toBe("allowed");
    expect(why(connect(e, "x/a", "z/c", 80, "SCTP"))).toContain('"egress" rule 2 (priority 3): Deny egress');
    expect(why(connect(e, "x/a", "z/c", 81))).toContain('"egress" rule 3 (priority 3): Deny egress');
    expect(connect(e, "x/b", "z/c", 81).verdict).toBe("allowed");
  });

  it("the truth table agrees with the reasoned verdicts and names the decider of any cell", () => {
    const e = world(
      [
        ANP("deny-y", 10, `${SUBJECT_X}\n  ingress: [{ action: Deny, from: ${FROM_Y} }]`),
        ANP(
          "pass-z",
          1,
          `${SUBJECT_X}\n  ingress: [{ action: Pass, from: [{ namespaces: { matchLabels: { kubernetes.io/metadata.name: "z" } } }] }]`,
        ),
        `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec:
${SUBJECT_X}
  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]`,
      ].join("\n---"),
    );
    const t = e.reach({ port: 80, protocol: "TCP", pods: [] });
    t.pods.forEach((src, i) =>
      t.pods.forEach((dst, j) => {
        if (i === j) return;
        expect(t.allowed[i]![j], `${src} → ${dst}`).toBe(connect(e, src, dst).verdict === "allowed");
      }),
    );
    const [za, xb, xa] = ["z/a", "x/b", "x/a"].map((p) => t.pods.indexOf(p));
    expect(t.reasonOf(za!, xb!)).toContain('AdminNetworkPolicy "pass-z" rule 1 (priority 1): Pass');
    expect(t.reasonOf(za!, xb!)).toContain('BaselineAdminNetworkPolicy "default" rule 1: Deny');
    expect(t.reasonOf(xa!, xb!)).toContain('BaselineAdminNetworkPolicy "default" rule 1: Deny');
  });

  it("a profile whose implementation has no AdminNetworkPolicy reports it not modelled", () => {
    const e = world(
      ANP("deny-y", 10, `${SUBJECT_X}\n  ingress: [{ action: Deny, from: ${FROM_Y} }]`),
      "cilium",
    );
    expect(() => connect(e, "y/a", "x/a")).toThrow(
      /AdminNetworkPolicy is not modelled by the cilium profile: cilium does not implement policy.networking.k8s.io/,
    );
  });

  it("ovn-kubernetes applies priorities 0-99 only; calico enforces no nodes peer", () => {
    const ovn = world(
      ANP("late", 150, `${SUBJECT_X}\n  ingress: [{ action: Deny, from: ${FROM_Y} }]`),
      "ovn-kubernetes",
    );
    expect(why(connect(ovn, "y/a", "x/a"))).toContain(
      'ovn-kubernetes does not apply AdminNetworkPolicy "late" (priority 150): priorities above 99 are unsupported',
    );
    expect(connect(ovn, "y/a", "x/a").verdict).toBe("allowed");
    const calico = world(
      ANP("nodes", 1, `${SUBJECT_X}\n  egress: [{ action: Deny, to: [{ nodes: {} }] }]`),
      "calico",
    );
    expect(() => connect(calico, "x/a", "y/a")).toThrow(
      /the nodes peer of AdminNetworkPolicy "nodes" is not modelled by the calico profile: calico does not enforce it/,
    );
  });
});
