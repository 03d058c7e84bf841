import { describe, expect, it } from "vitest";
import type { Plan } from "../dsl/index.js";
import { parseRunFlags, withProxyMode, type RunFlags } from "./run-flags.js";

const flags = (more: Partial<RunFlags>): RunFlags => ({
  target: [],
  reporter: [],
  seed: "1",
  color: false,
  var: [],
  ...more,
});

const plan = {
  files: [
    {
      file: "a.netspec",
      suites: [
        { name: "s1", cluster: { profile: "kubeadm" } },
        { name: "s2", cluster: { profile: "kind", nodes: 3, proxyMode: "iptables" } },
      ],
    },
  ],
} as unknown as Plan;

describe("--proxy-mode", () => {
  it("takes iptables, nftables or ipvs, and says so for anything else", () => {
    expect(parseRunFlags(flags({ proxyMode: "nftables" })).proxyMode).toBe("nftables");
    expect(parseRunFlags(flags({})).proxyMode).toBeUndefined();
    expect(() => parseRunFlags(flags({ proxyMode: "nft" }))).toThrow(
      '--proxy-mode must be one of iptables, nftables, ipvs, got "nft"',
    );
  });

  it("sets every suite's cluster block, over what a block sets, and leaves the rest of it", () => {
    const out = withProxyMode(plan, "nftables");
    expect(out.files[0]!.suites.map((s) => s.cluster)).toEqual([
      { profile: "kubeadm", proxyMode: "nftables" },
      { profile: "kind", nodes: 3, proxyMode: "nftables" },
    ]);
    expect(plan.files[0]!.suites[1]!.cluster.proxyMode).toBe("iptables");
    expect(withProxyMode(plan, undefined)).toBe(plan);
  });
});
