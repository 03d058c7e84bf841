import { describe, it, expect } from "vitest";
import { createEngine, type Engine } from "../index.js";

/** A kubeadm cluster (control-plane, worker-0, worker-1) with a client pod on every worker. */
function cluster(): Engine {
  const e = createEngine({ profile: "kubeadm" }, { seed: 1 });
  const client = (node: string) => `apiVersion: v1
kind: Pod
metadata: {name: client-${node}, namespace: default}
spec: {nodeName: ${node}, containers: [{name: c, image: busybox}]}
`;
  e.apply([
    {
      path: "clients.yaml",
      text: [client("worker-0"), client("worker-1")].join("---\n"),
      line: 1,
      column: 1,
    },
  ]);
  return e;
}

const kubeDns = { kind: "service", namespace: "kube-system", name: "kube-dns" };
const name = "kubernetes.default.svc.cluster.local";
const from = (node: string) => ({ pod: { namespace: "default", name: `client-${node}` } });

/** The CoreDNS replicas, by node. */
function replicas(e: Engine): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of e.view.pods())
    if (p.metadata.labels["k8s-app"] === "kube-dns") out.set(p.spec.nodeName!, p.metadata.name);
  return out;
}

describe("DNS traffic goes through kube-proxy like any packet", () => {
  it("the seeded cluster has CoreDNS on control-plane and worker-0, none on worker-1", () => {
    expect([...replicas(cluster()).keys()].sort()).toEqual(["control-plane", "worker-0"]);
  });

  it("internalTrafficPolicy Local: no replica on the client's node → the query is dropped (timeout)", () => {
    const e = cluster();
    e.patch(kubeDns, [{ op: "set", path: "spec.internalTrafficPolicy", value: "Local" }]);
    const x = e.dns({ name, type: "A", from: from("worker-1") });
    expect(x.reply).toBeUndefined();
    expect(x.refused).toBeUndefined();
    expect(x.elapsedMs).toBe(5000);
    expect(x.reasons).toEqual([
      "kube-proxy: kube-system/kube-dns (Local traffic policy): traffic policy Local and no endpoint on worker-1: dropped",
    ]);
    // The stub resolver retries and gives up: no answer from any attempt.
    const walk = e.resolve(from("worker-1"), "kubernetes");
    expect(walk.answer).toEqual([]);
  });

  it("internalTrafficPolicy Local: a replica on the client's node answers every query", () => {
    const e = cluster();
    const local = replicas(e).get("worker-0")!;
    e.patch(kubeDns, [{ op: "set", path: "spec.internalTrafficPolicy", value: "Local" }]);
    for (let i = 0; i < 8; i++) {
      const x = e.dns({ name, type: "A", from: from("worker-0") });
      expect(x.reply?.rcode).toBe("NOERROR");
      expect(x.answeredBy).toEqual({ namespace: "kube-system", name: local });
    }
    const x = e.dns({ name, type: "A", from: from("worker-0") });
    expect(x.reasons.slice(0, 2)).toEqual([
      `kube-proxy: 10.96.0.10:53/UDP → kube-system/${local} 10.244.1.2:53`,
      "kube-proxy: Local traffic policy, 1 ready endpoint(s) on worker-0",
    ]);
  });

  it("without a policy, queries from one pod spread over both replicas (seeded)", () => {
    const e = cluster();
    const seen = new Set<string>();
    for (let i = 0; i < 16; i++)
      seen.add(e.dns({ name, type: "A", from: from("worker-1") }).answeredBy!.name);
    expect(seen).toEqual(new Set(replicas(e).values()));
  });

  it("sessionAffinity ClientIP on the DNS Service: the same replica answers every query from a pod", () => {
    const e = cluster();
    e.patch(kubeDns, [{ op: "set", path: "spec.sessionAffinity", value: "ClientIP" }]);
    const first = e.dns({ name, type: "A", from: from("worker-1") });
    for (let i = 0; i < 16; i++)
      expect(e.dns({ name, type: "A", from: from("worker-1") }).answeredBy).toEqual(first.answeredBy);
    expect(first.reasons[1]).toBe(
      `kube-proxy: Cluster traffic policy, 2 ready endpoint(s); sessionAffinity ClientIP pins ${e.view.pod("default", "client-worker-1")!.status.podIP} to this endpoint`,
    );
  });

  it("a terminating-but-serving replica is used only when no ready one exists", () => {
    const e = cluster();
    const pods = [...e.view.pods()].filter((p) => p.metadata.labels["k8s-app"] === "kube-dns");
    const [draining, ready] = pods as [(typeof pods)[0], (typeof pods)[0]];
    // A selector-less kube-dns keeps the slice we write (the EndpointSlice controller leaves it alone).
    e.patch(kubeDns, [{ op: "remove", path: "spec.selector" }]);
    const slice = (readyOne: boolean) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kube-dns-manual, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
addressType: IPv4
ports: [{name: dns, port: 53, protocol: UDP}]
endpoints:
  - addresses: [${draining.status.podIP}]
    targetRef: {kind: Pod, namespace: kube-system, name: ${draining.metadata.name}}
    conditions: {ready: false, serving: true, terminating: true}
  - addresses: [${ready.status.podIP}]
    targetRef: {kind: Pod, namespace: kube-system, name: ${ready.metadata.name}}
    conditions: {ready: ${readyOne}, serving: ${readyOne}, terminating: false}
`;
    e.apply([{ path: "slice.yaml", text: slice(true), line: 1, column: 1 }]);
    for (let i = 0; i < 8; i++)
      expect(e.dns({ name, type: "A", from: from("worker-1") }).answeredBy?.name).toBe(ready.metadata.name);
    e.apply([{ path: "slice.yaml", text: slice(false), line: 1, column: 1 }]);
    const x = e.dns({ name, type: "A", from: from("worker-1") });
    expect(x.reply?.rcode).toBe("NOERROR");
    expect(x.answeredBy?.name).toBe(draining.metadata.name);
    expect(x.reasons[1]).toBe(
      "kube-proxy: Cluster traffic policy, no ready endpoint: falling back to 1 serving, terminating endpoint(s)",
    );
  });

  it("kube-proxy-down keeps the node's old DNS rules, keyed like every other service port", () => {
    const e = cluster();
    e.fault("kube-proxy-down", [{ value: "worker-1" }]);
    e.fault("dns-selector-mismatch", []);
    expect(e.dns({ name, type: "A", from: from("worker-0") }).refused).toBe(true);
    const x = e.dns({ name, type: "A", from: from("worker-1") });
    expect(x.reply?.rcode).toBe("NOERROR");
    expect(x.reasons[0]).toBe(
      "kube-proxy on worker-1 is down: its rules for kube-system/kube-dns:53/UDP are from before the fault",
    );
    // The same stale rules serve connections to the DNS Service's TCP port from that node.
    const c = e.connect({
      from: { kind: "pod", namespace: "default", name: "client-worker-1" },
      to: { kind: "service", namespace: "kube-system", name: "kube-dns" },
      port: 53,
      protocol: "TCP",
    });
    expect(c.verdict).toBe("allowed");
    expect(c.reasons[0]).toBe(
      "kube-proxy on worker-1 is down: it still uses the endpoints from before the fault",
    );
  });
});

describe("a zone transfer of several messages reads as one reply", () => {
  it("AXFR of a 4000-name zone: three messages, the first's header, every answer in order", () => {
    const names = Array.from(
      { length: 4000 },
      (_, i) => `h${String(i).padStart(4, "0")} IN A 10.0.${i >> 8}.${i & 255}`,
    );
    const zone = `$ORIGIN example.org.\n@ 300 IN SOA ns admin 1 2 3 4 5\n@ 300 IN NS ns\nns 300 IN A 192.0.2.53\n${names.join("\n")}\n`;
    const corefile = `.:53 {\n    health\n    ready\n    transfer {\n        to *\n    }\n    file /etc/coredns/example.db example.org\n    kubernetes cluster.local\n}\n`;
    const e = createEngine(
      {
        profile: "kubeadm",
        corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
        corednsFiles: { "/etc/coredns/example.db": zone },
      },
      { seed: 1 },
    );
    e.apply([
      {
        path: "c.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata: {name: c, namespace: default}\nspec: {containers: [{name: c, image: busybox}]}\n",
        line: 1,
        column: 1,
      },
    ]);
    const x = e.dns({
      name: "example.org",
      type: "AXFR",
      transport: "tcp",
      from: { pod: { namespace: "default", name: "c" } },
    });
    expect(x.messages).toBe(3);
    expect(x.reply!.flags.aa).toBe(true);
    expect(x.reply!.answer).toHaveLength(4004);
    expect([x.reply!.answer[0]!.type, x.reply!.answer.at(-1)!.type]).toEqual(["SOA", "SOA"]);
    expect(x.reasons).toContain("the reply is 3 messages (a zone transfer), read as one");
  });
});
