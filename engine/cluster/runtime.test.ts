import { describe, it, expect } from "vitest";
import { testRuntime, yaml } from "./testing.js";

describe("profiles", () => {
  it("kubeadm built-ins", () => {
    const rt = testRuntime({ profile: "kubeadm" });
    const v = rt.store;
    expect([...v.nodes()].map((n) => n.metadata.name)).toEqual(["control-plane", "worker-0", "worker-1"]);
    expect(v.service("default", "kubernetes")!.spec.clusterIPs).toEqual(["10.96.0.1"]);
    expect(v.service("kube-system", "kube-dns")!.spec.clusterIP).toBe("10.96.0.10");
    const dnsPods = [...v.podsIn("kube-system")];
    expect(dnsPods).toHaveLength(2);
    expect(dnsPods.every((p) => p.status.phase === "Running" && p.status.podIP)).toBe(true);
    expect(dnsPods.every((p) => /^coredns-[a-z0-9]+-[a-z0-9]{5}$/.test(p.metadata.name))).toBe(true);
    const slices = v.endpointSlicesFor("kube-system", "kube-dns");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toHaveLength(2);
    expect(slices[0]!.ports.map((p) => p.name)).toEqual(["dns", "dns-tcp", "metrics"]);
    expect(v.endpointSlicesFor("default", "kubernetes")[0]!.endpoints[0]!.addresses).toEqual([
      "192.168.0.10",
    ]);
    expect(v.node("worker-0")!.spec.podCIDRs).toEqual(["10.244.1.0/24"]);
    expect(v.namespace("default")!.metadata.labels["kubernetes.io/metadata.name"]).toBe("default");
  });

  it("kind and openshift", () => {
    const kind = testRuntime({ profile: "kind", nodes: 3 });
    expect([...kind.store.nodes()].map((n) => n.metadata.name)).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
    ]);
    const os = testRuntime({ profile: "openshift" });
    expect(os.store.service("openshift-dns", "dns-default")!.spec.clusterIP).toBe("172.30.0.10");
    const dsPods = [...os.store.podsIn("openshift-dns")];
    expect(dsPods).toHaveLength(5);
    const slice = os.store.endpointSlicesFor("openshift-dns", "dns-default")[0]!;
    expect(slice.ports.map((p) => `${p.name}/${p.port}`)).toEqual([
      "dns/5353",
      "dns-tcp/5353",
      "metrics/9154",
    ]);
    expect(os.store.node("worker-0")!.spec.podCIDRs).toEqual(["10.128.6.0/23"]);
    expect(os.store.configMap("openshift-dns", "dns-default")!.data.Corefile).toContain("bufsize 1232");
  });

  it("is deterministic per seed", () => {
    const a = testRuntime({ profile: "kubeadm" }, 7);
    const b = testRuntime({ profile: "kubeadm" }, 7);
    const names = (r: typeof a) =>
      [...r.store.pods()].map((p) => `${p.metadata.name}=${p.status.podIP}`).sort();
    expect(names(a)).toEqual(names(b));
  });
});

describe("endpointslices", () => {
  it("conditions, hostname rule, named ports", () => {
    const rt = testRuntime();
    rt.apply(
      yaml(`apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: web}}
spec:
  hostname: a
  subdomain: web
  containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: web}}
spec:
  hostname: b
  subdomain: other
  containers: [{name: c, image: x}]
status:
  phase: Running
  podIP: 10.244.9.9
  conditions: [{type: Ready, status: "False"}]
---
apiVersion: v1
kind: Pod
metadata: {name: t, labels: {app: web}, deletionTimestamp: "2024-01-01T00:00:00Z"}
spec:
  containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`),
    );
    const slices = rt.store.endpointSlicesFor("default", "web");
    expect(slices).toHaveLength(2);
    const withPort = slices.find((s) => s.ports.length === 1)!;
    const noPort = slices.find((s) => s.ports.length === 0)!;
    expect(withPort.ports[0]).toEqual({ name: "http", port: 8080, protocol: "TCP" });
    expect(withPort.endpoints.map((e) => [e.targetRef!.name, e.hostname, e.conditions])).toEqual([
      ["a", "a", { ready: true, serving: true, terminating: false }],
      ["t", undefined, { ready: false, serving: true, terminating: true }],
    ]);
    expect(noPort.endpoints.map((e) => [e.targetRef!.name, e.hostname, e.conditions])).toEqual([
      ["b", undefined, { ready: false, serving: false, terminating: false }],
    ]);
    expect(withPort.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(withPort.metadata.labels["endpointslice.kubernetes.io/managed-by"]).toBe(
      "endpointslice-controller.k8s.io",
    );
  });

  it("publishNotReadyAddresses and StatefulSet hostnames", () => {
    const rt = testRuntime();
    rt.apply(
      yaml(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {app: db}
`),
    );
    const eps = rt.store.endpointSlicesFor("default", "db")[0]!.endpoints;
    expect(eps.map((e) => e.hostname)).toEqual(["db-0", "db-1"]);
    expect(rt.store.pod("default", "db-0")!.spec.subdomain).toBe("db");
  });

  it("dual-stack gives one slice per family", () => {
    const rt = testRuntime({
      profile: "custom",
      serviceCidrs: ["10.96.0.0/16", "fd00:10:96::/112"],
      podCidrs: ["10.244.0.0/16", "fd00:10:244::/56"],
      nodes: 2,
    });
    rt.apply(
      yaml(`apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: d}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Service
metadata: {name: d}
spec:
  ipFamilyPolicy: PreferDualStack
  selector: {app: d}
  ports: [{port: 80}]
`),
    );
    const svc = rt.store.service("default", "d")!;
    expect(svc.spec.ipFamilies).toEqual(["IPv4", "IPv6"]);
    expect(svc.spec.clusterIPs[1]).toContain(":");
    const types = rt.store
      .endpointSlicesFor("default", "d")
      .map((s) => s.addressType)
      .sort();
    expect(types).toEqual(["IPv4", "IPv6"]);
    expect(rt.store.pod("default", "a")!.status.podIPs).toHaveLength(2);
  });
});

describe("intake kinds", () => {
  it("List items, Endpoints mirroring, Deployment pod names", () => {
    const rt = testRuntime();
    rt.apply(
      yaml(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: ext}
  spec: {ports: [{port: 80}]}
- apiVersion: v1
  kind: Endpoints
  metadata: {name: ext}
  subsets: [{addresses: [{ip: 192.0.2.1}], notReadyAddresses: [{ip: 192.0.2.2}], ports: [{port: 8080}]}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    replicas: 3
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: c, image: x}]}
`),
    );
    const slices = rt.store.endpointSlicesFor("default", "ext");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints.map((e) => [e.addresses[0], e.conditions.ready])).toEqual([
      ["192.0.2.1", true],
      ["192.0.2.2", false],
    ]);
    const pods = [...rt.store.podsIn("default")].map((p) => p.metadata.name);
    expect(pods).toHaveLength(3);
    for (const n of pods)
      expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // Scheduler spread over the two workers (control-plane tainted).
    const nodes = [...rt.store.podsIn("default")].map((p) => p.spec.nodeName).sort();
    // coredns already holds one pod on control-plane and one on worker-0.
    expect(nodes).toEqual(["worker-0", "worker-1", "worker-1"]);
  });
});

describe("openshift node-resolver", () => {
  it("adds the registry service to node hosts when it exists", async () => {
    const { openshiftNodeResolverHosts } = await import("./index.js");
    const rt = testRuntime({ profile: "openshift" });
    expect(openshiftNodeResolverHosts(rt.store)).toEqual([]);
    rt.apply(
      yaml(
        "apiVersion: v1\nkind: Service\nmetadata: {name: image-registry, namespace: openshift-image-registry}\nspec: {clusterIP: 172.30.20.1, selector: {docker-registry: default}, ports: [{name: tcp, port: 5000}]}\n",
      ),
    );
    expect(openshiftNodeResolverHosts(rt.store)).toEqual([
      {
        ip: "172.30.20.1",
        names: [
          "image-registry.openshift-image-registry.svc",
          "image-registry.openshift-image-registry.svc.cluster.local",
        ],
        comment: "openshift-generated-node-resolver",
      },
    ]);
  });
});

describe("apply semantics", () => {
  it("re-applying a pod keeps its node and IP", () => {
    const rt = testRuntime();
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b}}\nspec: {containers: [{name: c, image: x}]}\n";
    rt.apply(yaml(pod));
    const first = rt.store.pod("default", "p")!;
    rt.apply(yaml(pod.replace("a: b", "a: c")));
    const second = rt.store.pod("default", "p")!;
    expect(second.status.podIP).toBe(first.status.podIP);
    expect(second.spec.nodeName).toBe(first.spec.nodeName);
    expect(second.metadata.labels.a).toBe("c");
    expect(second.metadata.uid).toBe(first.metadata.uid);
  });
});

describe("pods bound to a node that does not exist", () => {
  it("stay Pending with no reason (no kubelet reports them), host network or not, and the controllers settle", () => {
    const rt = testRuntime({ profile: "kubeadm", nodes: 2 });
    rt.apply(
      yaml(`
apiVersion: v1
kind: Pod
metadata: { name: hn, namespace: default }
spec: { hostNetwork: true, nodeName: worker-7, containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Pod
metadata: { name: pn, namespace: default }
spec: { nodeName: worker-7, containers: [{ name: c, image: x }] }
`),
    );
    for (const name of ["hn", "pn"]) {
      const p = rt.store.pod("default", name)!;
      expect(p.status.phase).toBe("Pending");
      expect(p.status.reason).toBeUndefined();
      expect(p.status.conditions ?? []).toEqual([]);
      expect(p.status.podIPs).toEqual([]);
    }
  });
});

describe("service cluster IPs on update", () => {
  const svc = (clusterIP?: string) =>
    yaml(`
apiVersion: v1
kind: Service
metadata: { name: s, namespace: default }
spec: { ${clusterIP ? `clusterIP: "${clusterIP}", ` : ""}ports: [{ port: 80 }] }
`);
  it("may not change once set, and an update without one keeps it (None included)", () => {
    const rt = testRuntime({ profile: "kubeadm" });
    rt.apply(svc("None"));
    // A headless Service without a selector defaults to RequireDualStack (core/v1 defaults.go
    // SetDefaults_Service); the update keeps that policy, which a single-stack cluster refuses
    // before the cluster IP is looked at — as kube-apiserver 1.31.4 answers.
    expect(() => rt.apply(svc("10.96.50.50"))).toThrow(
      /spec\.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services/,
    );
    rt.apply(svc());
    expect(rt.store.service("default", "s")!.spec.clusterIPs).toEqual(["None"]);
    rt.apply(
      yaml(`
apiVersion: v1
kind: Service
metadata: { name: t, namespace: default }
spec: { clusterIP: 10.96.7.7, ports: [{ port: 80 }] }
`),
    );
    expect(() =>
      rt.apply(
        yaml(`
apiVersion: v1
kind: Service
metadata: { name: t, namespace: default }
spec: { clusterIP: 10.96.7.8, ports: [{ port: 80 }] }
`),
      ),
    ).toThrow(/may not change once set/);
    expect(rt.store.service("default", "t")!.spec.clusterIPs).toEqual(["10.96.7.7"]);
  });
});
