/**
 * Truth tables judged per class of pods (reach.ts, reach-classes.ts) must give every cell the verdict
 * and the reason of judging that pair alone through judgeTiers() (the reasoned evaluation), on random
 * small clusters where pods share labels: random NetworkPolicies (pod/namespace selectors, ipBlock
 * with except, numbered and named ports, endPort, both directions), AdminNetworkPolicies (priorities,
 * Allow/Deny/Pass, pod/namespace/network/node peers, port numbers, ranges and names), a baseline,
 * host-networked pods, explicit pod lists and both ways of scoring a pod reaching itself.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { createEngine } from "../create-engine.js";
import type { ReachRequest } from "./types.js";
import { cniProfile } from "./cni-profiles.js";
import { judgeTiers } from "./policy-tiers.js";
import { podPort } from "./peers.js";

const NAMESPACES = `apiVersion: v1\nkind: Namespace\nmetadata: { name: x, labels: { team: a } }\n---
apiVersion: v1\nkind: Namespace\nmetadata: { name: "y", labels: { team: b } }\n---
apiVersion: v1\nkind: Namespace\nmetadata: { name: z, labels: { team: a } }`;

const PORTS = {
  none: "",
  http80: "ports: [{ name: http, containerPort: 80 }]",
  http8080: "ports: [{ name: http, containerPort: 8080 }, { containerPort: 80 }]",
  udp: "ports: [{ name: http, containerPort: 80, protocol: UDP }]",
};
const pod = fc.record({
  ns: fc.constantFrom("x", "y", "z"),
  app: fc.constantFrom("a", "b"),
  tier: fc.constantFrom("", "1", "2"),
  ports: fc.constantFrom(...(Object.keys(PORTS) as (keyof typeof PORTS)[])),
});
// One pod in five is host-networked; three nodes, so pod addresses fall in two node ranges.
const pods = fc.array(
  fc.tuple(pod, fc.integer({ min: 0, max: 4 })).map(([p, h]) => ({ ...p, host: h === 0 })),
  { minLength: 2, maxLength: 9 },
);
type PodSpec = { ns: string; app: string; tier: string; ports: keyof typeof PORTS; host: boolean };
const podDoc = (p: PodSpec, i: number) =>
  `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: "${p.ns}", labels: { app: ${p.app}${p.tier ? `, tier: "${p.tier}"` : ""} } }\nspec: { ${p.host ? "hostNetwork: true, " : ""}containers: [{ name: c, image: x${PORTS[p.ports] ? `, ${PORTS[p.ports]}` : ""} }] }`;

const nsSel = fc.constantFrom(
  "{}",
  "{ matchLabels: { team: a } }",
  '{ matchLabels: { kubernetes.io/metadata.name: "y" } }',
);
const podSel = fc.constantFrom(
  "{}",
  "{ matchLabels: { app: a } }",
  "{ matchExpressions: [{ key: tier, operator: NotIn, values: ['1'] }] }",
  "{ matchExpressions: [{ key: tier, operator: Exists }] }",
);
const npPeer = fc.oneof(
  podSel.map((p) => `{ podSelector: ${p} }`),
  nsSel.map((n) => `{ namespaceSelector: ${n} }`),
  fc.tuple(nsSel, podSel).map(([n, p]) => `{ namespaceSelector: ${n}, podSelector: ${p} }`),
  fc.constantFrom(
    "{ ipBlock: { cidr: 10.244.0.0/16, except: [10.244.1.0/24] } }",
    "{ ipBlock: { cidr: 10.244.1.0/24 } }",
    "{ ipBlock: { cidr: 192.168.0.0/16 } }",
  ),
);
const npPort = fc.constantFrom(
  "{ port: 80 }",
  "{ port: http }",
  "{ port: 79, endPort: 81 }",
  "{ protocol: UDP, port: 80 }",
  "{ port: 8000, endPort: 9000 }",
);
const npRule = (side: "from" | "to") =>
  fc
    .tuple(fc.option(fc.array(npPeer, { maxLength: 2 })), fc.option(fc.array(npPort, { maxLength: 2 })))
    .map(
      ([peers, ports]) =>
        `{ ${[peers && `${side}: [${peers.join(", ")}]`, ports && `ports: [${ports.join(", ")}]`].filter(Boolean).join(", ")} }`,
    );
const np = fc
  .tuple(
    fc.constantFrom("x", "y", "z"),
    podSel,
    fc.option(fc.array(npRule("from"), { maxLength: 2 })),
    fc.option(fc.array(npRule("to"), { maxLength: 2 })),
  )
  .filter(([, , i, e]) => i !== null || e !== null);
const npDoc = ([ns, sel, ingress, egress]: [string, string, string[] | null, string[] | null], k: number) => {
  const types = [ingress && "Ingress", egress && "Egress"].filter(Boolean).join(", ");
  const rules = [ingress && `ingress: [${ingress.join(", ")}]`, egress && `egress: [${egress.join(", ")}]`];
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: np${k}, namespace: "${ns}" }\nspec: { podSelector: ${sel}, policyTypes: [${types}], ${rules.filter(Boolean).join(", ")} }`;
};

const subject = fc.oneof(
  nsSel.map((n) => `{ namespaces: ${n} }`),
  fc.tuple(nsSel, podSel).map(([n, p]) => `{ pods: { namespaceSelector: ${n}, podSelector: ${p} } }`),
);
const anpPeer = (egress: boolean) =>
  egress ? fc.oneof(subject, fc.constantFrom("{ networks: [10.244.1.0/24] }", "{ nodes: {} }")) : subject;
const anpPort = fc.constantFrom(
  "{ portNumber: { port: 80 } }",
  "{ portRange: { start: 79, end: 8080 } }",
  "{ namedPort: http }",
);
const anpRule = (actions: string[], egress: boolean) =>
  fc
    .tuple(
      fc.constantFrom(...actions),
      fc.array(anpPeer(egress), { minLength: 1, maxLength: 2 }),
      fc.option(fc.array(anpPort, { minLength: 1, maxLength: 2 })),
    )
    .map(([a, peers, ports]) => {
      // The CRD's CEL rule: no namedPort beside a networks/nodes peer.
      const addr = peers.some((p) => /networks|nodes/.test(p));
      const kept = ports?.filter((x) => !(addr && x.includes("namedPort")));
      return `{ action: ${a}, ${egress ? "to" : "from"}: [${peers.join(", ")}]${kept?.length ? `, ports: [${kept.join(", ")}]` : ""} }`;
    });
const anpSpec = (actions: string[]) =>
  fc
    .tuple(
      subject,
      fc.array(anpRule(actions, false), { maxLength: 2 }),
      fc.array(anpRule(actions, true), { maxLength: 2 }),
    )
    .map(([s, i, e]) => `subject: ${s}, ingress: [${i.join(", ")}], egress: [${e.join(", ")}]`);
const anps = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), anpSpec(["Allow", "Deny", "Pass"])), {
  maxLength: 2,
});
const anpDocs = (list: [number, string][], banp: string | null) => [
  ...list.map(
    ([prio, s], i) =>
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: anp${i} }\nspec: { priority: ${prio}, ${s} }`,
  ),
  ...(banp
    ? [
        `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec: { ${banp} }`,
      ]
    : []),
];

const request = fc.record({
  port: fc.constantFrom<number | string>(80, "http", 8080),
  protocol: fc.constantFrom("TCP" as const, "UDP" as const),
  selfVerdict: fc.constantFrom("ignore" as const, "evaluate" as const),
  explicit: fc.constantFrom("all", "listed", "listed twice"),
});

describe("reach tables by pod class", () => {
  it("give every cell the verdict and reason of judging that pair alone", () => {
    fc.assert(
      fc.property(
        pods,
        fc.array(np, { maxLength: 3 }),
        anps,
        fc.option(anpSpec(["Allow", "Deny"])),
        request,
        (podList, nps, anpList, banp, r) => {
          const e = createEngine({ profile: "kubeadm", nodes: 3 }, { seed: 1 });
          const docs = [NAMESPACES, ...podList.map(podDoc), ...nps.map(npDoc), ...anpDocs(anpList, banp)];
          e.apply([{ path: "world.yaml", text: docs.join("\n---\n"), line: 1, column: 0 }]);
          // An explicit list takes host-networked pods too, in a scrambled order, maybe one twice.
          const names = podList.map((p, i) => `${p.ns}/p${i}`).reverse();
          const listed = r.explicit === "listed twice" ? [...names, names[1]!] : names;
          const req: ReachRequest = { ...r, pods: r.explicit === "all" ? [] : listed };
          const t = e.reach(req);
          if (r.explicit === "all")
            expect(t.pods).toEqual(names.filter((_, i) => !podList.at(-1 - i)!.host).sort());
          checkCells(e, req);
        },
      ),
      { numRuns: 80, seed: 23 },
    );
    // About 5 s on a quiet 2-core machine; the shared one is often four times slower.
  }, 60_000);

  it("tell apart pods of one class by node for traffic from a host-networked pod", () => {
    // Ingress from a pod's own node is always allowed: same labels, different nodes, different cells.
    const e = createEngine({ profile: "kubeadm", nodes: 3 }, { seed: 1 });
    const docs = [
      NAMESPACES,
      ...["worker-0", "worker-1", "worker-0"].map(
        (node, i) =>
          `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: x, labels: { app: a } }\nspec: { nodeName: ${node}, ${i === 2 ? "hostNetwork: true, " : ""}containers: [{ name: c, image: x }] }`,
      ),
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: x }\nspec: { podSelector: {}, ingress: [] }",
    ];
    e.apply([{ path: "world.yaml", text: docs.join("\n---\n"), line: 1, column: 0 }]);
    const req: ReachRequest = { port: 80, protocol: "TCP", pods: ["x/p2", "x/p0", "x/p1"] };
    expect(e.reach(req).allowed[0]).toEqual([null, true, false]);
    checkCells(e, req);
  });
});

/** Every cell of the table against judging its pair alone: verdict(), allowed and reasonOf(). */
function checkCells(e: ReturnType<typeof createEngine>, req: ReachRequest): void {
  const t = e.reach(req);
  const profile = cniProfile(undefined);
  t.pods.forEach((from, i) =>
    t.pods.forEach((to, j) => {
      const [src, dst] = [from, to].map((k) => e.view.pod(...(k.split("/") as [string, string]))!);
      const want = expected(e.view, src!, dst!, req, profile);
      expect(t.verdict(i, j), `${from} → ${to}`).toBe(want.allowed);
      expect(t.allowed[i]![j], `${from} → ${to}`).toBe(want.allowed);
      expect(t.reasonOf(i, j), `${from} → ${to}`).toBe(want.reason);
    }),
  );
}

/** One pair judged alone, as reach tables were before classes: egress of src, then ingress of dst. */
function expected(
  view: ReturnType<typeof createEngine>["view"],
  src: NonNullable<ReturnType<ReturnType<typeof createEngine>["view"]["pod"]>>,
  dst: typeof src,
  req: ReachRequest,
  profile: ReturnType<typeof cniProfile>,
): { allowed: boolean | null; reason: string } {
  if (src === dst && req.selfVerdict !== "evaluate") return { allowed: null, reason: "" };
  const port = podPort(dst, req.port, req.protocol);
  if (port === undefined)
    return {
      allowed: false,
      reason: `${dst.metadata.namespace}/${dst.metadata.name} has no port named "${req.port}" for ${req.protocol}`,
    };
  const flow = { src, dst, port, protocol: req.protocol };
  const eg = judgeTiers(view, flow, "Egress", profile);
  if (!eg.allowed) return { allowed: false, reason: eg.reason };
  const ing = judgeTiers(view, flow, "Ingress", profile);
  return { allowed: ing.allowed, reason: ing.allowed ? `${eg.reason}; ${ing.reason}` : ing.reason };
}
