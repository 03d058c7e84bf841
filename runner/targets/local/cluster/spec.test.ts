import { describe, expect, it } from "vitest";
import { inCidr, planCluster, subnet, type ClusterSpec } from "./spec.js";

const bins = Object.fromEntries(
  [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kubelet",
    "kube-proxy",
    "containerd",
    "containerd-shim-runc-v2",
    "ctr",
    "runc",
    "cni-bin-dir",
    "images",
  ].map((b) => [b, `/bin/${b}`]),
);
const ok: ClusterSpec = {
  nodes: 3,
  serviceCidrs: ["10.96.0.0/12"],
  podCidrs: ["10.244.0.0/16"],
  clusterDomain: "cluster.local",
  dnsServiceIp: "10.96.0.10",
  proxyMode: "iptables",
  workDir: "/w",
  binaries: bins,
};

describe("planning a local cluster", () => {
  it("gives each node the next /24 of the pod CIDR, or the subnets asked for", () => {
    expect(planCluster(ok, "x").nodes.map((n) => n.podCidr)).toEqual([
      "10.244.0.0/24",
      "10.244.1.0/24",
      "10.244.2.0/24",
    ]);
    expect(planCluster({ ...ok, nodes: 1, nodePodCidrs: ["10.244.7.0/24"] }, "x").nodes[0]!.podCidr).toBe(
      "10.244.7.0/24",
    );
    expect(subnet("10.0.0.0/8", 24, 300)).toBe("10.1.44.0/24");
    expect(inCidr("10.111.0.1", "10.96.0.0/12")).toBe(true);
    expect(inCidr("10.112.0.1", "10.96.0.0/12")).toBe(false);
  });

  it.each([
    [{ nodes: 6 }, "local cluster: nodes: 6: between 1 and 5 on these machines"],
    [
      { serviceCidrs: ["10.96.0.0/16", "fd00::/108"] },
      "local cluster: serviceCidrs: exactly one IPv4 CIDR (dual-stack is not supported by the local cluster yet)",
    ],
    [
      { podCidrs: ["fd00:10::/56"] },
      "local cluster: fd00:10::/56: not an IPv4 CIDR (IPv6 and dual-stack are not supported by the local cluster yet)",
    ],
    [
      { dnsServiceIp: "10.0.0.10" },
      "local cluster: dnsServiceIp 10.0.0.10 is outside the service CIDR 10.96.0.0/12",
    ],
    [{ proxyMode: "ipvs" }, "local cluster: proxyMode ipvs: iptables or nftables (this kernel has no IPVS)"],
    [
      { nodePodCidrs: ["10.245.0.0/24", "10.244.1.0/24", "10.244.2.0/24"] },
      "local cluster: node pod subnet 10.245.0.0/24 is outside the pod CIDR 10.244.0.0/16",
    ],
    [{ podCidrs: ["10.244.0.0/23"] }, "local cluster: 10.244.0.0/23: has no room for 3 /24 subnets"],
    [
      { binaries: { etcd: "/e" } },
      "local cluster: binaries missing: kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, containerd, containerd-shim-runc-v2, ctr, runc, cni-bin-dir, images (run netspec local build)",
    ],
  ] as [Partial<ClusterSpec>, string][])("refuses %j", (change, message) => {
    expect(() => planCluster({ ...ok, ...change } as ClusterSpec)).toThrow(message);
  });
});
