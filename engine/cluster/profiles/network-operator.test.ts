import { describe, expect, it } from "vitest";
import {
  changeErrors,
  invalidConfiguration,
  validateNetworkConfig,
  type NetworkConfig,
} from "./network-operator.js";

const SEED: NetworkConfig = {
  clusterNetwork: [{ cidr: "10.128.0.0/14", hostPrefix: 23 }],
  serviceNetwork: ["172.30.0.0/16"],
  networkType: "OVNKubernetes",
};
const withNet = (o: Partial<NetworkConfig>): NetworkConfig => ({ ...SEED, ...o });

describe("CNO validateIPPools on the Network config", () => {
  it("accepts the seed's install: 10.128.0.0/14 hostPrefix 23, 172.30.0.0/16, OVNKubernetes", () => {
    expect(validateNetworkConfig(SEED)).toEqual([]);
  });

  it("refuses a cluster network overlapping the service network, naming both", () => {
    expect(validateNetworkConfig(withNet({ serviceNetwork: ["10.130.0.0/16"] }))).toEqual([
      "whole or subset of ClusterNetwork CIDR 10.128.0.0/14 is already in use: CIDRs 10.130.0.0/16 and 10.128.0.0/14 overlap",
    ]);
  });

  it("hostPrefix must lie between the CIDR's mask and bits-2", () => {
    expect(
      validateNetworkConfig(withNet({ clusterNetwork: [{ cidr: "10.128.0.0/14", hostPrefix: 13 }] })),
    ).toEqual(["hostPrefix 13 is larger than its cidr 10.128.0.0/14"]);
    expect(
      validateNetworkConfig(withNet({ clusterNetwork: [{ cidr: "10.128.0.0/14", hostPrefix: 31 }] })),
    ).toEqual(["hostPrefix 31 is too small, must be a /30 or larger"]);
    // OVNKubernetes uses hostPrefix, so unset (0) is "larger than its cidr" too.
    expect(
      validateNetworkConfig(withNet({ clusterNetwork: [{ cidr: "10.128.0.0/14", hostPrefix: 0 }] })),
    ).toEqual(["hostPrefix 0 is larger than its cidr 10.128.0.0/14"]);
    // A plugin that does not use it may leave it unset.
    expect(
      validateNetworkConfig({
        ...SEED,
        networkType: "Calico",
        clusterNetwork: [{ cidr: "10.128.0.0/14", hostPrefix: 0 }],
      }),
    ).toEqual([]);
  });

  it("needs entries, matching families, at most one service network per family, and a network type", () => {
    expect(validateNetworkConfig(withNet({ serviceNetwork: [] }))).toEqual([
      "spec.serviceNetwork must have at least 1 entry",
    ]);
    expect(validateNetworkConfig(withNet({ clusterNetwork: [] }))).toEqual([
      "spec.clusterNetwork must have at least 1 entry",
    ]);
    expect(validateNetworkConfig(withNet({ serviceNetwork: ["172.30.0.0/16", "172.31.0.0/16"] }))).toEqual([
      "spec.serviceNetwork must contain at most one IPv4 and one IPv6 network",
    ]);
    expect(validateNetworkConfig(withNet({ serviceNetwork: ["fd02::/112"] }))).toEqual([
      "spec.clusterNetwork and spec.serviceNetwork must either both be IPv4-only, both be IPv6-only, or both be dual-stack",
    ]);
    expect(validateNetworkConfig(withNet({ networkType: "" }))).toEqual(["spec.networkType is required"]);
    expect(validateNetworkConfig(withNet({ serviceNetwork: ["172.30.0.0/33"] }))[0]).toBe(
      "could not parse spec.serviceNetwork 172.30.0.0/33: invalid CIDR address: 172.30.0.0/33",
    );
  });
});

describe("CNO IsChangeSafe after install", () => {
  it("allows widening a clusterNetwork entry on OVNKubernetes", () => {
    expect(
      changeErrors(SEED, withNet({ clusterNetwork: [{ cidr: "10.128.0.0/13", hostPrefix: 23 }] })),
    ).toEqual([]);
  });

  it("refuses narrowing, moving, re-sizing nodes' subnets and adding entries", () => {
    const one = (cidr: string, hostPrefix = 23) =>
      changeErrors(SEED, withNet({ clusterNetwork: [{ cidr, hostPrefix }] }));
    expect(one("10.128.0.0/15")).toEqual([
      "reducing IP range with a larger CIDR mask for clusterNetwork CIDR is unsupported",
    ]);
    expect(one("10.132.0.0/14")).toEqual([
      "modifying IP network value for clusterNetwork CIDR is unsupported",
    ]);
    expect(one("10.128.0.0/14", 24)).toEqual([
      "modifying a clusterNetwork's hostPrefix value is unsupported",
    ]);
    expect(
      changeErrors(
        SEED,
        withNet({ clusterNetwork: [...SEED.clusterNetwork, { cidr: "10.0.0.0/14", hostPrefix: 23 }] }),
      ),
    ).toEqual(["adding/removing clusterNetwork entries of the same type is not supported"]);
  });

  it("refuses changing serviceNetwork or the network type", () => {
    expect(changeErrors(SEED, withNet({ serviceNetwork: ["172.31.0.0/16"] }))).toEqual([
      "unsupported change to ServiceNetwork",
    ]);
    expect(changeErrors(SEED, withNet({ networkType: "OpenShiftSDN" }))).toEqual([
      "cannot change default network type",
    ]);
  });

  it("allows a dual-stack conversion that keeps the primary networks", () => {
    const dual = withNet({
      clusterNetwork: [...SEED.clusterNetwork, { cidr: "fd01::/48", hostPrefix: 64 }],
      serviceNetwork: [...SEED.serviceNetwork, "fd02::/112"],
    });
    expect(changeErrors(SEED, dual)).toEqual([]);
    expect(changeErrors(SEED, { ...dual, serviceNetwork: ["172.31.0.0/16", "fd02::/112"] })).toEqual([
      "cannot change primary ServiceNetwork when migrating to/from dual-stack",
    ]);
  });

  it("reads as CNO's Degraded condition", () => {
    expect(invalidConfiguration(["a", "b"])).toBe("invalid configuration: [a b]");
  });
});
