import { describe, it, expect } from "vitest";
import { createEngine, EngineError } from "./index.js";

const debugPod = `apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: default, labels: {name: debug}}
spec: {containers: [{name: c, image: busybox}]}
`;

describe("createEngine", () => {
  it("answers DNS through kube-proxy to a CoreDNS pod", () => {
    const e = createEngine({ profile: "kubeadm" }, { seed: 1 });
    e.apply([{ path: "m.yaml", text: debugPod, line: 1, column: 1 }]);
    const x = e.dns({
      name: "kubernetes.default.svc.cluster.local",
      type: "A",
      from: { pod: { namespace: "default", name: "debug" } },
    });
    expect(x.server).toBe("10.96.0.10");
    expect(x.reply?.rcode).toBe("NOERROR");
    expect(x.reply?.answer.map((r) => r.data)).toEqual([{ type: "A", address: "10.96.0.1" }]);
    expect(x.size).toBeGreaterThan(0);
    expect(x.reasons.some((r) => r.startsWith("kube-proxy:"))).toBe(true);
  });

  it("kube-proxy REJECTs the DNS service without endpoints (iptables); IPVS just drops", () => {
    const e = createEngine({ profile: "kubeadm" }, { seed: 1 });
    e.scale({ kind: "deployment", namespace: "kube-system", name: "coredns" }, 0);
    const x = e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A" });
    expect(x.reply).toBeUndefined();
    expect(x.refused).toBe(true);
    expect(x.reasons.join("\n")).toMatch(/kube-dns has no endpoints → REJECT/);
    expect(e.coredns().replicas).toBe(0);
    const ipvs = createEngine({ profile: "kubeadm", proxyMode: "ipvs" }, { seed: 1 });
    ipvs.scale({ kind: "deployment", namespace: "kube-system", name: "coredns" }, 0);
    const y = ipvs.dns({ name: "kubernetes.default.svc.cluster.local", type: "A" });
    expect(y.refused).toBeUndefined();
    expect(y.reasons.join("\n")).toMatch(/IPVS: dropped/);
  });

  it("a cluster IP's unserved port: no rule in iptables mode (timeout), REJECT in nftables mode", () => {
    const ask = (proxyMode: "iptables" | "nftables") => {
      const e = createEngine({ profile: "kubeadm", proxyMode }, { seed: 1 });
      e.apply([{ path: "m.yaml", text: debugPod, line: 1, column: 1 }]);
      const from = { kind: "pod" as const, namespace: "default", name: "debug" };
      const to = { kind: "service" as const, namespace: "kube-system", name: "kube-dns" };
      const connect = e.connect({ from, to, port: 5353, protocol: "TCP" });
      const dns = e.dns({
        name: "kubernetes.default.svc.cluster.local",
        type: "A",
        server: "10.96.0.10:5353",
        from: { pod: { namespace: "default", name: "debug" } },
      });
      return { connect, dns };
    };
    const ipt = ask("iptables");
    expect(ipt.connect.verdict).toBe("timeout");
    expect(ipt.connect.reasons.join("\n")).toMatch(/has no port 5353\/TCP: kube-proxy installs no rule/);
    expect(ipt.dns.refused).toBeUndefined();
    const nft = ask("nftables");
    expect(nft.connect.verdict).toBe("rejected");
    expect(nft.connect.reasons.join("\n")).toMatch(/kube-proxy \(nftables\) rejects .* cluster-ips set/);
    expect(nft.dns.refused).toBe(true);
    expect(nft.dns.reasons.join("\n")).toMatch(/no 5353\/UDP port → REJECT \(cluster-ips-check\)/);
  });

  it("get() returns manifest form; labels and patches re-admit", () => {
    const e = createEngine({ profile: "kind", nodes: 2 }, { seed: 3 });
    e.apply([{ path: "m.yaml", text: debugPod, line: 1, column: 1 }]);
    const m = e.get({ kind: "pod", namespace: "default", name: "debug" })!;
    expect((m.status as { phase: string }).phase).toBe("Running");
    expect((m.spec as { nodeName: string }).nodeName).toBe("kind-worker");
    e.label(
      { kind: "pod", namespace: "default", name: "debug" },
      { annotate: false, podTemplate: false, set: { tier: "x" }, remove: [] },
    );
    expect(e.object({ kind: "Pod", namespace: "default", name: "debug" })!.metadata.labels.tier).toBe("x");
    expect(() => e.delete({ kind: "pod", namespace: "default", name: "nope" })).toThrow(
      /pods "nope" not found/,
    );
  });

  it("reloads a changed Corefile after the reload interval", () => {
    const e = createEngine({ profile: "kubeadm" }, { seed: 1 });
    const cm = e.get({ kind: "configmap", namespace: "kube-system", name: "coredns" })!;
    const text = (cm.data as { Corefile: string }).Corefile.replace("ttl 30", "ttl 7");
    e.patch({ kind: "configmap", namespace: "kube-system", name: "coredns" }, [
      { op: "set", path: "data.Corefile", value: text },
    ]);
    const ttl = () =>
      e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A" }).reply?.answer[0]?.ttl;
    expect(ttl()).toBe(30);
    e.advance(46_000);
    expect(ttl()).toBe(7);
  });

  it("the running Corefile's `reload 2s 1s` makes an edit live within 2s ± 0.5s (plugin/reload/setup.go)", () => {
    const e = createEngine({ profile: "kubeadm" }, { seed: 1 });
    const ref = { kind: "configmap", namespace: "kube-system", name: "coredns" } as const;
    const corefile = () => (e.get(ref)!.data as { Corefile: string }).Corefile;
    const set = (t: string) => e.patch(ref, [{ op: "set", path: "data.Corefile", value: t }]);
    set(corefile().replace(/^(\s*)reload\b.*$/m, "$1reload 2s 1s"));
    e.advance(46_000);
    set(corefile().replace("ttl 30", "ttl 7"));
    const ttl = () =>
      e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A" }).reply?.answer[0]?.ttl;
    e.advance(1_400);
    expect(ttl()).toBe(30);
    e.advance(1_200);
    expect(ttl()).toBe(7);
  });

  it("a bad fault is an EngineError naming the problem", () => {
    const e = createEngine({ profile: "kubeadm" }, { seed: 1 });
    expect(() => e.fault("dns-oops", [])).toThrow(EngineError);
    expect(() => e.fault("node-down", [])).toThrow(/needs a node name/);
  });

  it("custom profile requires CIDRs", () => {
    expect(() => createEngine({ profile: "custom" }, { seed: 1 })).toThrow(
      /custom profile needs explicit service CIDRs/,
    );
  });
});

describe("openshift", () => {
  it("re-renders the Corefile from the DNS CR and serves it after reload", () => {
    const e = createEngine({ profile: "openshift" }, { seed: 2 });
    e.patch({ kind: "dns", name: "default" }, [
      {
        op: "merge",
        patch: {
          path: "p.yaml",
          text: "spec: {upstreamResolvers: {policy: Random, upstreams: [{type: Network, address: 1.1.1.1, port: 5353}]}}",
          line: 1,
          column: 1,
        },
      },
    ]);
    const cm = e.get({ kind: "configmap", namespace: "openshift-dns", name: "dns-default" })!;
    const corefile = (cm.data as { Corefile: string }).Corefile;
    expect(corefile).toContain("    forward . 1.1.1.1:5353 {\n        policy random\n    }");
    expect(e.coredns().replicas).toBe(5);
    const x = e.dns({ name: "dns-default.openshift-dns.svc.cluster.local", type: "A" });
    expect(x.server).toBe("172.30.0.10");
    expect(x.reply?.answer.map((r) => r.data)).toEqual([{ type: "A", address: "172.30.0.10" }]);
  });
});

describe("ip families", () => {
  it("ipv6 kind cluster serves AAAA for the kubernetes service", () => {
    const e = createEngine({ profile: "kind", ipFamily: "ipv6", nodes: 2 }, { seed: 1 });
    expect(e.view.service("default", "kubernetes")!.spec.clusterIPs).toEqual(["fd00:10:96::1"]);
    const x = e.dns({ name: "kubernetes.default.svc.cluster.local", type: "AAAA" });
    expect(x.server).toBe("fd00:10:96::a");
    expect(x.reply?.answer.map((r) => r.data)).toEqual([{ type: "AAAA", address: "fd00:10:96::1" }]);
  });
  it("OVN-Kubernetes: pods from .3, egress SNATed to the node, hairpin SNATed to 169.254.169.5", () => {
    const e = createEngine({ profile: "kubeadm", nodes: 4, cni: "ovn-kubernetes" }, { seed: 1 });
    const web = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, labels: {app: web}}
spec: {nodeName: worker-2, containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;
    e.apply([{ path: "m.yaml", text: web, line: 1, column: 1 }]);
    const pod = e.view.pod("default", "web")!;
    const node = e.view.node("worker-2")!;
    expect(pod.status.podIP).toBe(node.spec.podCIDR!.replace(/0\/24$/, "3"));
    const from = { kind: "pod", namespace: "default", name: "web" } as const;
    const out = e.connect({ from, to: { kind: "ip", ip: "93.184.216.34" }, port: 443, protocol: "TCP" });
    const nodeIp = node.status.addresses.find((a) => a.type === "InternalIP")!.address;
    expect(out.sourceIp).toBe(nodeIp);
    expect(out.reasons.join("\n")).toMatch(/gateway router's SNAT/);
    const hairpin = e.connect({
      from,
      to: { kind: "service", namespace: "default", name: "web" },
      port: 80,
      protocol: "TCP",
    });
    expect(hairpin.verdict).toBe("allowed");
    expect(hairpin.sourceIp).toBe("169.254.169.5");
    expect(hairpin.reasons.join("\n")).toMatch(/OVN load balancer picked default\/web/);
  });
});
