import { describe, it, expect } from "vitest";
import { createEngine } from "../create-engine.js";
import type { EngineError } from "../engine.js";
import { FAULT_CATALOG, FAULT_NAMES, FAULT_SIGNATURES } from "./catalog.js";

const client = {
  path: "client.yaml",
  text: `apiVersion: v1
kind: Pod
metadata: { name: app }
spec: { nodeName: worker-1, containers: [{ name: c, image: debian }] }
---
apiVersion: v1
kind: Pod
metadata: { name: alpine, annotations: { netspec.io/resolver: musl } }
spec: { nodeName: worker-1, containers: [{ name: c, image: alpine }] }
`,
  line: 1,
  column: 0,
};

function cluster(seed = 1) {
  const e = createEngine(
    { profile: "kubeadm", nodes: 3 },
    { seed, upstream: [{ name: "example.com", type: "A", data: "93.184.216.34" }] },
  );
  e.apply([client]);
  return e;
}
const app = { pod: { namespace: "default", name: "app" } };

describe("fault catalog", () => {
  it("documents every fault it names", () => {
    for (const f of FAULT_CATALOG) expect(f.meaning.length).toBeGreaterThan(40);
    expect(new Set(FAULT_NAMES).size).toBe(FAULT_CATALOG.length);
  });

  it("every catalog fault is implemented; any other name is unknown", () => {
    const codes = FAULT_NAMES.map((name) => {
      try {
        cluster().fault(name, []);
        return "applied";
      } catch (e) {
        return (e as EngineError).code;
      }
    });
    expect(codes).not.toContain("fault/unknown");
    expect(codes.filter((c) => c === "applied").length).toBeGreaterThan(8);
    expect(() => cluster().fault("dns-outtage", [])).toThrow(
      /unknown fault "dns-outtage" \(known: dns-outage, /,
    );
  });

  it("lists names with argument synopses as plain data (what the language's checker is given)", () => {
    expect(FAULT_SIGNATURES.slice(0, 3)).toEqual([
      { name: "dns-outage", args: "" },
      { name: "dns-replicas-down", args: "N" },
      { name: "dns-selector-mismatch", args: "" },
    ]);
    expect(FAULT_SIGNATURES.find((f) => f.name === "partition")).toEqual({
      name: "partition",
      args: "NODE NODE [NODE...]",
    });
    expect(JSON.parse(JSON.stringify(FAULT_SIGNATURES))).toEqual(FAULT_SIGNATURES);
    expect(FAULT_SIGNATURES.map((f) => f.name)).toEqual(FAULT_NAMES);
  });
});

describe("DNS faults", () => {
  it("dns-outage: REJECT for glibc (immediate TRY_AGAIN), silence for musl; healing restores", () => {
    const e = cluster();
    e.fault("dns-outage", []);
    const q = e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A", from: app });
    expect(q.refused).toBe(true);
    const g = e.resolve(app, "kubernetes.default", "A");
    expect(g.rcode).toBe("SERVFAIL");
    expect(g.steps.every((s) => s.rcode === "CONNREFUSED")).toBe(true);
    expect(g.elapsedMs).toBe(0);
    const m = e.resolve({ pod: { namespace: "default", name: "alpine" } }, "kubernetes.default", "A");
    expect(m.rcode).toBe("TIMEOUT");
    expect(m.elapsedMs).toBe(5000);
    e.heal("dns-outage");
    expect(e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A", from: app }).reply?.rcode).toBe(
      "NOERROR",
    );
    expect(e.coredns().readyReplicas).toBe(2);
  });

  it("dns-replicas-down N keeps answering through the remaining replica; N out of range is refused", () => {
    const e = cluster();
    expect(() => e.fault("dns-replicas-down", [{ value: "3" }])).toThrow(/from 1 to 2/);
    e.fault("dns-replicas-down", [{ value: "1" }]);
    expect(e.coredns().readyReplicas).toBe(1);
    for (let i = 0; i < 10; i++)
      expect(e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A", from: app }).reply?.rcode).toBe(
        "NOERROR",
      );
  });

  it("a fault cannot be injected twice, nor healed when not active", () => {
    const e = cluster();
    e.fault("upstream-servfail", []);
    expect(() => e.fault("upstream-servfail", [])).toThrow(/already active/);
    e.heal("upstream-servfail");
    expect(() => e.heal("upstream-servfail")).toThrow(/not active/);
    expect(() => e.fault("no-such-fault", [])).toThrow(/unknown fault/);
  });

  it("dns-packet-loss is deterministic under the seed", () => {
    const walk = (seed: number) => {
      const e = cluster(seed);
      e.fault("dns-packet-loss", [{ value: "50%" }]);
      return Array.from({ length: 8 }, () =>
        e
          .resolve(app, "kubernetes.default.svc.cluster.local.", "A")
          .steps.map((s) => s.rcode)
          .join(","),
      ).join(" | ");
    };
    expect(walk(7)).toBe(walk(7));
    expect(walk(7)).toContain("TIMEOUT");
    expect(() => cluster().fault("dns-packet-loss", [{ value: "150%" }])).toThrow(/rate like 30%/);
  });

  it("apiserver-down: CoreDNS answers from its last view; the new Service appears after healing", () => {
    const e = cluster();
    e.fault("apiserver-down", []);
    e.apply([
      {
        path: "late.yaml",
        text: "apiVersion: v1\nkind: Service\nmetadata: { name: late }\nspec: { ports: [{ port: 80 }] }\n",
        line: 1,
        column: 0,
      },
    ]);
    const ask = () => e.dns({ name: "late.default.svc.cluster.local", type: "A", from: app }).reply?.rcode;
    expect(ask()).toBe("NXDOMAIN");
    e.heal("apiserver-down");
    expect(ask()).toBe("NOERROR");
  });
});

describe("cluster faults", () => {
  it("node-down and pod-not-ready take pods out of the ready endpoints; healing puts them back", () => {
    const e = cluster();
    const ready = () =>
      [...e.view.endpointSlicesFor("kube-system", "kube-dns")]
        .flatMap((s) => s.endpoints)
        .filter((x) => x.conditions.ready !== false).length;
    expect(ready()).toBe(2);
    e.fault("node-down", [{ value: "worker-0" }]);
    expect(ready()).toBe(1);
    e.heal("node-down");
    expect(ready()).toBe(2);
    expect(() => e.fault("node-down", [{ value: "worker-9" }])).toThrow(/not found/);
  });
});
