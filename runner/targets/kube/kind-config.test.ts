import { describe, expect, it } from "vitest";
import {
  kindConfig,
  kindConfigProblems,
  kindFamily,
  kindNodeNames,
  kindServiceCidrs,
} from "./kind-config.js";

describe("kind config", () => {
  it("is dual-stack when the block gives CIDRs of both families, as kind requires", () => {
    const dual = {
      profile: "kubeadm" as const,
      serviceCidrs: ["10.96.0.0/16", "fd00:10:96::/112"],
      podCidrs: ["10.244.0.0/16", "fd00:10:244::/56"],
    };
    expect(kindFamily(dual)).toBe("dual");
    expect(kindConfig(dual)).toContain("  ipFamily: dual\n");
    expect(kindConfigProblems(dual)).toEqual([]);
    expect(kindFamily({ profile: "kind", podCidrs: ["fd00:10:244::/56"] })).toBe("ipv6");
  });

  it("reports what kind's Cluster.Validate would refuse, in kind's words", () => {
    expect(
      kindConfigProblems({ profile: "kind", ipFamily: "ipv4", podCidrs: ["10.244.0.0/16", "10.245.0.0/16"] }),
    ).toEqual(["invalid pod subnet only one CIDR allowed for single-stack networking"]);
    expect(kindConfigProblems({ profile: "kind", ipFamily: "ipv6", serviceCidrs: ["10.96.0.0/16"] })).toEqual(
      ["invalid service subnet expected IPv6 CIDR for IPv6 family"],
    );
    expect(
      kindConfigProblems({ profile: "kind", ipFamily: "dual", podCidrs: ["10.1.0.0/16", "10.2.0.0/16"] }),
    ).toEqual([
      "invalid pod subnet expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking",
    ]);
    expect(kindConfigProblems({ profile: "kind" }, "Bad_Name")[0]).toMatch(/is not a valid cluster name/);
  });
});

describe("what a kind cluster of a block has", () => {
  it("nodes named as kind's MakeNodeNamer names them (kind-test: control-plane, worker, worker2)", () => {
    expect(kindNodeNames({ profile: "kubeadm" })).toEqual(["kind-control-plane"]);
    expect(kindNodeNames({ profile: "kubeadm", nodes: 4 })).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
    ]);
  });

  it("the block's service CIDRs, else kind's defaults for its family (never the profile's)", () => {
    expect(kindServiceCidrs({ profile: "openshift" })).toEqual(["10.96.0.0/16"]);
    expect(kindServiceCidrs({ profile: "kubeadm", serviceCidrs: ["172.30.0.0/16"] })).toEqual([
      "172.30.0.0/16",
    ]);
    expect(kindServiceCidrs({ profile: "kubeadm", ipFamily: "ipv6" })).toEqual(["fd00:10:96::/112"]);
    expect(kindServiceCidrs({ profile: "kubeadm", ipFamily: "dual" })).toEqual([
      "10.96.0.0/16",
      "fd00:10:96::/112",
    ]);
  });
});
