/**
 * `--target kind --dry-run` over the whole suites directory: one kind cluster per distinct cluster
 * block, each config valid by kind's own rules (kind-config.ts ports Cluster.Validate), the dual-stack
 * suite's config with `ipFamily: dual`, and every cluster the run would create deleted at the end.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../helpers/cli.js";

const root = join(import.meta.dirname, "..", "..");

describe("kind dry run over the suites", () => {
  it("prints one valid kind config per distinct cluster block", async () => {
    const r = await runCli(["run", "suites", "--target", "kind", "--dry-run"], root);
    const creates = [
      ...r.stdout.matchAll(/^kind create cluster --name (\S+) .*<<'NETSPEC_EOF'\n([\s\S]*?)\nNETSPEC_EOF$/gm),
    ];
    const configs = creates.map((m) => ({ name: m[1]!, config: parse(m[2]!) as Record<string, unknown> }));
    expect(configs.length).toBeGreaterThan(5);
    expect(new Set(configs.map((c) => JSON.stringify(c.config))).size).toBe(configs.length);
    expect(configs[0]!.name).toBe("netspec-1");
    for (const { name, config } of configs) {
      expect(name).toMatch(/^[a-z0-9.-]+$/);
      const net = (
        config as { networking?: { ipFamily?: string; podSubnet?: string; serviceSubnet?: string } }
      ).networking;
      const family = net?.ipFamily ?? "ipv4";
      for (const subnet of [net?.podSubnet, net?.serviceSubnet]) {
        if (!subnet) continue;
        const cidrs = subnet.split(",");
        const v6 = cidrs.filter((c) => c.includes(":")).length;
        // kind's validateSubnets: one CIDR, or one of each family under ipFamily: dual.
        if (family === "dual")
          expect(cidrs.length === 1 || (cidrs.length === 2 && v6 === 1), subnet).toBe(true);
        else expect(cidrs.length, subnet).toBe(1);
        if (family === "ipv4") expect(v6, subnet).toBe(0);
      }
    }
    const dual = configs.filter((c) => JSON.stringify(c.config).includes("fd00:10:96::/112"));
    expect(dual.length).toBeGreaterThan(0);
    for (const c of dual)
      expect((c.config as { networking: { ipFamily: string } }).networking.ipFamily).toBe("dual");
    const deletes = [...r.stdout.matchAll(/^kind delete cluster --name (\S+)$/gm)].map((m) => m[1]);
    expect(deletes.sort()).toEqual(configs.map((c) => c.name).sort());
  }, 120_000);
});
