/**
 * The tiered truth-table index must agree with judgeTiers() — the reasoned evaluation — on every
 * pair, for random AdminNetworkPolicies (priorities with ties, every action, pod/namespace/network/
 * node peers, port numbers, ranges and names), a random baseline and NetworkPolicies, both directions.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../create-engine.js";
import { cniProfile } from "./cni-profiles.js";
import { judgeTiers, TieredIndex } from "./policy-tiers.js";

const model = readFileSync(join(import.meta.dirname, "../../suites/netpol/fixtures/xyz-abc.yaml"), "utf8");
const nsSel = fc.constantFrom(
  "{}",
  '{ matchLabels: { kubernetes.io/metadata.name: "y" } }',
  "{ matchLabels: { kubernetes.io/metadata.name: x } }",
);
const podSel = fc.constantFrom(
  "{}",
  "{ matchLabels: { pod: a } }",
  "{ matchExpressions: [{ key: pod, operator: NotIn, values: [b] }] }",
);
const subject = fc.oneof(
  nsSel.map((n) => `{ namespaces: ${n} }`),
  fc.tuple(nsSel, podSel).map(([n, p]) => `{ pods: { namespaceSelector: ${n}, podSelector: ${p} } }`),
);
const peer = (egress: boolean) =>
  fc.oneof(
    subject,
    ...(egress
      ? [fc.constantFrom("{ networks: [10.244.0.0/16] }", "{ networks: [192.168.0.0/16] }", "{ nodes: {} }")]
      : []),
  );
const port = fc.constantFrom(
  "{ portNumber: { port: 80 } }",
  "{ portNumber: { protocol: UDP, port: 80 } }",
  "{ portRange: { start: 79, end: 81 } }",
  "{ namedPort: serve-81-tcp }",
);
const rule = (actions: string[], egress: boolean) =>
  fc
    .tuple(
      fc.constantFrom(...actions),
      fc.array(peer(egress), { minLength: 1, maxLength: 2 }),
      fc.option(fc.array(port, { minLength: 1, maxLength: 2 })),
    )
    .map(([a, peers, ports]) => {
      // The CRD's CEL rule: no namedPort beside a networks/nodes peer.
      const addr = peers.some((p) => /networks|nodes/.test(p));
      return [a, peers, ports?.filter((x) => !(addr && x.includes("namedPort")))] as const;
    })
    .map(
      ([a, peers, ports]) =>
        `{ action: ${a}, ${egress ? "to" : "from"}: [${peers.join(", ")}]${ports?.length ? `, ports: [${ports.join(", ")}]` : ""} }`,
    );
const spec = (actions: string[]) =>
  fc
    .tuple(
      subject,
      fc.array(rule(actions, false), { maxLength: 2 }),
      fc.array(rule(actions, true), { maxLength: 2 }),
    )
    .map(([s, i, e]) => `subject: ${s}, ingress: [${i.join(", ")}], egress: [${e.join(", ")}]`);
const anp = fc.tuple(fc.integer({ min: 0, max: 3 }), spec(["Allow", "Deny", "Pass"]));
const np = fc.constantFrom(
  "",
  "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: x }\nspec: { podSelector: {}, ingress: [] }",
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: eg, namespace: "y" }\nspec: { podSelector: { matchLabels: { pod: a } }, egress: [{ to: [{ podSelector: {} }] }] }',
);

describe("TieredIndex", () => {
  it("agrees with judgeTiers() on every pair, port and protocol", () => {
    fc.assert(
      fc.property(
        fc.array(anp, { maxLength: 3 }),
        fc.option(spec(["Allow", "Deny"])),
        np,
        (anps, banp, netpol) => {
          const e = createEngine({ profile: "kubeadm", nodes: 3 }, { seed: 1 });
          e.apply([{ path: "model.yaml", text: model, line: 1, column: 0 }]);
          const docs = anps.map(
            ([prio, s], i) =>
              `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: p${i} }\nspec: { priority: ${prio}, ${s} }`,
          );
          if (banp)
            docs.push(
              `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec: { ${banp} }`,
            );
          if (netpol) docs.push(netpol);
          if (docs.length)
            e.apply([{ path: "policies.yaml", text: docs.join("\n---\n"), line: 1, column: 0 }]);
          const pods = ["x", "y", "z"].flatMap((n) => ["a", "b", "c"].map((p) => e.view.pod(n, p)!));
          const profile = cniProfile(undefined);
          const index = new TieredIndex(e.view, profile);
          for (const [port, protocol] of [
            [80, "TCP"],
            [81, "TCP"],
            [80, "UDP"],
          ] as const)
            for (const src of pods)
              for (const dst of pods) {
                const flow = { src, dst, port, protocol };
                for (const d of ["Ingress", "Egress"] as const)
                  expect(index.allows(flow, d)).toBe(judgeTiers(e.view, flow, d, profile).allowed);
              }
        },
      ),
      { numRuns: 25, seed: 5 },
    );
  });
});
