import { describe, expect, it } from "vitest";
import { divergenceApplies } from "./run-expect.js";

const on = (target: string, params: Record<string, string> = {}) => ({ target, params });

describe("which targets an `on TARGET` known divergence names", () => {
  it("names a target by its name, with every parameter it gives", () => {
    expect(divergenceApplies(on("kind"), { name: "kind", params: {} })).toBe(true);
    expect(divergenceApplies(on("kind", { cni: "cilium" }), { name: "kind", params: {} })).toBe(false);
    expect(
      divergenceApplies(on("kind", { cni: "cilium" }), { name: "kind", params: { cni: "cilium" } }),
    ).toBe(true);
    expect(divergenceApplies(on("local"), { name: "kind", params: {} })).toBe(false);
  });

  it("`on cluster` names every existing cluster, `on cluster(context=X)` one of them", () => {
    const prod = { name: "cluster:prod", params: { context: "prod" } };
    expect(divergenceApplies(on("cluster"), prod)).toBe(true);
    expect(divergenceApplies(on("cluster", { context: "prod" }), prod)).toBe(true);
    expect(divergenceApplies(on("cluster", { context: "staging" }), prod)).toBe(false);
    expect(divergenceApplies(on("cluster:prod"), prod)).toBe(true);
    expect(divergenceApplies(on("clus"), prod)).toBe(false);
  });

  it("`on any(proxy-mode=M)` names every target whose cluster runs kube-proxy in mode M", () => {
    const nft = { profile: "kubeadm" as const, proxyMode: "nftables" as const };
    const unset = { profile: "kind" as const };
    const ref = { name: "reference", params: {} };
    expect(divergenceApplies(on("any", { "proxy-mode": "nftables" }), ref, nft)).toBe(true);
    expect(divergenceApplies(on("any", { "proxy-mode": "nftables" }), ref, unset)).toBe(false);
    // kube-proxy's own default when the block says nothing.
    expect(divergenceApplies(on("any", { "proxy-mode": "iptables" }), ref, unset)).toBe(true);
    // OVN-Kubernetes has no kube-proxy mode to name.
    expect(divergenceApplies(on("any", { "proxy-mode": "iptables" }), ref, { profile: "openshift" })).toBe(
      false,
    );
    expect(divergenceApplies(on("local", { "proxy-mode": "nftables" }), ref, nft)).toBe(false);
    expect(divergenceApplies(on("any"), { name: "kind", params: {} })).toBe(true);
  });
});
