import { describe, expect, it } from "vitest";
import { kindConfig, kindConfigProblems, kindFamily } from "./kind-config.js";

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
