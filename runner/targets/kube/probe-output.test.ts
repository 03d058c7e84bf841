import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAgnhostConnect, parseDigSearch } from "./probe-output.js";
import { scriptedRunner } from "./commands.js";
import { KubeTarget } from "./kube-target.js";
import type { TargetContext } from "../target.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";

// The run journal (run-journal.ts) of targets under test goes here, not into /tmp itself.
const scratch = mkdtempSync(joinPath(tmpdir(), "nsx-test-"));

const ctx = (): TargetContext => ({
  seed: 3,
  workDir: scratch,
  signal: new AbortController().signal,
  log: () => {},
});

describe("probe output", () => {
  it("dig +search +showsearch: one try per block (recorded from real dig)", () => {
    const obs = parseDigSearch(
      readFileSync(join(import.meta.dirname, "fixtures/dig-search-netspec.txt"), "utf8"),
      "A",
    );
    expect(obs.tries.map((t) => `${t.name} ${t.rcode}`)).toEqual([
      "s-y-a.y.x.svc.cluster.local. NXDOMAIN",
      "s-y-a.y. NXDOMAIN",
    ]);
    expect(obs.rcode).toBe("NXDOMAIN");
    expect(obs.source).toBe("none");
  });

  it("agnhost connect: exit 0 allowed, REFUSED refused, TIMEOUT timeout", () => {
    expect(parseAgnhostConnect(0, "")).toBe("allowed");
    expect(parseAgnhostConnect(1, "REFUSED")).toBe("refused");
    expect(parseAgnhostConnect(1, "TIMEOUT")).toBe("timeout");
  });
});

describe("faults on the kind target", () => {
  it("dns-outage scales CoreDNS to zero and heals back to the previous count; cluster targets refuse", async () => {
    const runner = scriptedRunner((argv) =>
      argv.includes("jsonpath={.spec.replicas}") ? { code: 0, stdout: "2", stderr: "" } : undefined,
    );
    const t = new KubeTarget({ spec: "kind", runner, kindCluster: "dev" });
    await t.prepare({ file: "a", suite: "s", cluster: { profile: "kind" }, upstream: [] }, ctx());
    await t.fault("dns-outage", [], ctx());
    await t.heal("dns-outage");
    const scales = runner.calls.map((c) => c.argv.join(" ")).filter((c) => c.includes("scale"));
    expect(scales).toEqual([
      "kubectl --context kind-dev scale deployment coredns -n kube-system --replicas=0",
      "kubectl --context kind-dev scale deployment coredns -n kube-system --replicas=2",
    ]);
    const cluster = new KubeTarget({ spec: "cluster:kind-dev", runner });
    expect(cluster.capabilities().faults["dns-outage"]).toMatch(/only on the kind target/);
  });
});
