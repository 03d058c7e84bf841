import { describe, it, expect } from "vitest";
import { createEngine, type Engine } from "../index.js";
import { createRng } from "../support/index.js";
import { snapshotRules, translateService, type KubeProxyOptions, type Translation } from "./kube-proxy.js";

const src = (text: string) => [{ path: "web.yaml", text, line: 1, column: 1 }];

/** A selector-less Service `web` whose one EndpointSlice lists pods a (worker-0) and b (worker-1). */
function world(conditions: { a: string; b: string }, spec = "{ports: [{name: http, port: 80}]}"): Engine {
  const rt = createEngine({ profile: "kubeadm" }, { seed: 1 });
  const pod = (name: string, node: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec: {nodeName: ${node}, containers: [{name: c, image: nginx}]}
---
`;
  rt.apply(src(`${pod("a", "worker-0")}${pod("b", "worker-1")}`));
  rt.apply(
    src(`apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: ${spec}
`),
  );
  writeSlice(rt, conditions);
  return rt;
}

/** The Service's EndpointSlice, as an EndpointSlice mirroring controller would write it. */
function writeSlice(rt: Engine, conditions: { a: string; b: string }): void {
  const ip = (n: string) => rt.view.pod("default", n)!.status.podIP;
  rt.apply(
    src(`apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
  - {addresses: [${ip("a")}], targetRef: {kind: Pod, namespace: default, name: a}, conditions: ${conditions.a}}
  - {addresses: [${ip("b")}], targetRef: {kind: Pod, namespace: default, name: b}, conditions: ${conditions.b}}
`),
  );
}

const READY = "{ready: true}";
const NOT_READY = "{ready: false}";
const TERMINATING = "{ready: false, serving: true, terminating: true}";

function translate(rt: Engine, node: string, options: Partial<KubeProxyOptions> = {}): Translation {
  const svc = rt.view.service("default", "web")!;
  return translateService(
    rt.view,
    { svc, sp: svc.spec.ports[0]!, protocol: "TCP", node, external: false, clientIp: "10.244.9.9" },
    { rng: createRng(1), ...options },
  );
}

const summary = (t: Translation) =>
  t.kind === "backend" ? `${t.backend.pod.metadata.name}: ${t.why}` : `${t.kind}: ${t.why}`;

describe("kube-proxy's translation (pkg/proxy/topology.go CategorizeEndpoints)", () => {
  it("uses ready endpoints, then serving-terminating ones, else REJECTs", () => {
    expect(summary(translate(world({ a: READY, b: TERMINATING }), "worker-1"))).toBe(
      "a: 1 ready endpoint(s)",
    );
    expect(summary(translate(world({ a: NOT_READY, b: TERMINATING }), "worker-0"))).toBe(
      "b: no ready endpoint: falling back to 1 serving, terminating endpoint(s)",
    );
    expect(summary(translate(world({ a: NOT_READY, b: NOT_READY }), "worker-0"))).toBe(
      "reject: no ready endpoints: REJECT",
    );
  });

  it("internalTrafficPolicy Local: only the packet's node; DROP when it has none, REJECT when no node has one", () => {
    const local = "{ports: [{name: http, port: 80}], internalTrafficPolicy: Local}";
    const rt = world({ a: READY, b: TERMINATING }, local);
    expect(summary(translate(rt, "worker-0"))).toBe("a: 1 ready endpoint(s) on worker-0");
    expect(summary(translate(rt, "worker-1"))).toBe(
      "b: no ready endpoint on worker-1: falling back to 1 serving, terminating endpoint(s)",
    );
    expect(summary(translate(rt, "control-plane"))).toBe(
      "drop: traffic policy Local and no endpoint on control-plane: dropped",
    );
    // hasAnyEndpoints is false: the service REJECTs even under Local policy (iptables proxier.go).
    expect(summary(translate(world({ a: NOT_READY, b: NOT_READY }, local), "worker-0"))).toBe(
      "reject: no ready endpoints: REJECT",
    );
    expect(summary(translate(world({ a: NOT_READY, b: READY }, local), "worker-0"))).toBe(
      "drop: no ready or serving endpoint on worker-0: dropped",
    );
  });

  it("IPVS has no REJECT rule for a service without endpoints: the packet is dropped", () => {
    const t = translate(world({ a: NOT_READY, b: NOT_READY }), "worker-0", { proxyMode: "ipvs" });
    expect(summary(t)).toBe("drop: no ready endpoints (IPVS: dropped)");
  });

  it("sessionAffinity ClientIP pins a client; without it every packet is a seeded draw", () => {
    const sticky = world(
      { a: READY, b: READY },
      "{ports: [{name: http, port: 80}], sessionAffinity: ClientIP}",
    );
    const rng = createRng(7);
    const pinned = new Set([0, 1, 2, 3, 4, 5].map(() => summary(translate(sticky, "worker-0", { rng }))));
    expect(pinned.size).toBe(1);
    const spread = world({ a: READY, b: READY });
    const drawn = new Set([0, 1, 2, 3, 4, 5].map(() => summary(translate(spread, "worker-0", { rng }))));
    expect(drawn).toEqual(new Set(["a: 2 ready endpoint(s)", "b: 2 ready endpoint(s)"]));
  });

  it("a stopped kube-proxy keeps the endpoints and conditions of the moment it stopped", () => {
    const rt = world({ a: READY, b: READY });
    const rules = snapshotRules(rt.view);
    expect([...rules.keys()]).toContain("default/web:http/TCP");
    writeSlice(rt, { a: NOT_READY, b: READY });
    expect(summary(translate(rt, "worker-0"))).toBe("b: 1 ready endpoint(s)");
    rt.apply(
      src(`apiVersion: v1
kind: Service
metadata: {name: late, namespace: default}
spec: {ports: [{name: http, port: 80}]}
`),
    );
    const stale = { staleRules: (n: string) => (n === "worker-0" ? rules : undefined) };
    const t = translate(rt, "worker-0", stale);
    expect(t.stale).toBe(true);
    expect(t.kind === "backend" && t.pool.map((b) => b.pod.metadata.name)).toEqual(["a", "b"]);
    // A service created after kube-proxy stopped has no rule on that node at all.
    const late = rt.view.service("default", "late")!;
    const none = translateService(
      rt.view,
      {
        svc: late,
        sp: late.spec.ports[0]!,
        protocol: "TCP",
        node: "worker-0",
        external: false,
        clientIp: undefined,
      },
      { rng: createRng(1), ...stale },
    );
    expect(summary(none)).toBe("reject: the service has no endpoints: REJECT");
  });
});
