import { describe, expect, it } from "vitest";
import { clusterShape } from "./cluster-shape.js";

describe("cluster shape", () => {
  it("is the reference profile's cluster: nodes, CIDRs, DNS Service, Corefile, node resolv.conf", () => {
    const s = clusterShape({ profile: "kubeadm", nodes: 3 });
    expect(s.nodes.map((n) => `${n.name} ${n.podCIDRs.join(",")}`)).toEqual([
      "control-plane 10.244.0.0/24",
      "worker-0 10.244.1.0/24",
      "worker-1 10.244.2.0/24",
    ]);
    expect(s.serviceCidrs).toEqual(["10.96.0.0/12"]);
    expect(s.dnsService).toEqual({ namespace: "kube-system", name: "kube-dns", clusterIPs: ["10.96.0.10"] });
    expect(s.dnsReplicas).toBe(2);
    expect(s.corefile).toContain("kubernetes cluster.local in-addr.arpa ip6.arpa");
    expect(s.nodeResolvConf).toBe("nameserver 192.168.0.1\n");
    expect(clusterShape({ profile: "kind" }).nodeResolvConf).toMatch(/^nameserver 172\.18\.0\.1\n/);
  });

  it("a Corefile with a plugin the reference does not model is deployed as written (real CoreDNS runs it)", () => {
    const text = ".:53 {\n    transfer {\n        to *\n    }\n    kubernetes cluster.local\n}\n";
    const s = clusterShape({ profile: "kubeadm", corefile: { path: "x.netspec", text, line: 5, column: 7 } });
    expect(s.corefile).toBe(text);
    expect(s.dnsService.clusterIPs).toEqual(["10.96.0.10"]);
    // A Corefile real CoreDNS refuses too is still the spec's error.
    const bad = { path: "x.netspec", text: ".:53 {\n    bogus\n}\n", line: 5, column: 7 };
    expect(() => clusterShape({ profile: "kubeadm", corefile: bad })).toThrow(
      /x\.netspec:6: Unknown directive 'bogus'/,
    );
  });
});
