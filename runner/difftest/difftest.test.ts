import { afterAll, describe, expect, it } from "vitest";
import { loadPlan } from "../../dsl/index.js";
import type { DnsObs } from "../observation.js";
import { createTarget } from "../targets/index.js";
import { dnsObservation } from "../../test/helpers/plans.js";
import { compareDns } from "../parity/index.js";
import { runDiff } from "./difftest.js";
import { generate } from "./generate.js";
import { reproduction } from "./netspec-text.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";

// The run journal (run-journal.ts) of targets under test goes here, not into /tmp itself.
const scratch = mkdtempSync(joinPath(tmpdir(), "nsx-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ctx = { seed: 1, workDir: scratch, signal: new AbortController().signal, log: () => {} };

const obs = (over: Partial<DnsObs>): DnsObs =>
  ({ ...dnsObservation("NOERROR", []), flags: ["qr", "aa", "rd"], ...over }) as DnsObs;

describe("the differential tester", () => {
  it("generates the same cases from the same seed, and different ones from another", () => {
    expect(generate(7, 3)).toEqual(generate(7, 3));
    expect(generate(7, 3).documents).not.toEqual(generate(8, 3).documents);
  });

  it("compares answers as sets, ignores SOA serials, tolerates a second of cache countdown outside the cluster", () => {
    const soa = (serial: number) => ({
      name: "cluster.local.",
      ttl: 5,
      class: "IN",
      type: "SOA",
      data: `ns.dns.cluster.local. hostmaster.cluster.local. ${serial} 7200 1800 86400 5`,
    });
    const a = (name: string, ttl: number, ip: string) => ({ name, ttl, class: "IN", type: "A", data: ip });
    expect(
      compareDns(
        obs({ answer: [a("x.", 30, "1.1.1.1"), a("x.", 30, "2.2.2.2")], authority: [soa(1)] }),
        obs({ answer: [a("x.", 29, "2.2.2.2"), a("x.", 29, "1.1.1.1")], authority: [soa(2)] }),
        "cluster.local",
      ),
    ).toEqual([]);
    const diff = compareDns(
      obs({ answer: [a("s.ns.svc.cluster.local.", 30, "10.96.0.5")] }),
      obs({
        rcode: "NXDOMAIN",
        flags: ["qr", "rd"],
        answer: [a("s.ns.svc.cluster.local.", 29, "10.96.0.5")],
      }),
      "cluster.local",
    );
    expect(diff[0]).toBe("rcode NOERROR vs NXDOMAIN");
    expect(diff[1]).toBe('flags "qr aa rd" vs "qr rd"');
    expect(diff[2]).toMatch(/^answer:/);
  });

  it("writes reproductions that are valid .netspec holding the reference's answer", () => {
    const s = generate(3, 0);
    const text = reproduction(
      s,
      { name: "s0.default.svc.cluster.local", type: "A" },
      obs({
        answer: [
          { name: "s0.default.svc.cluster.local.", ttl: 5, class: "IN", type: "A", data: "10.96.0.7" },
        ],
      }),
      ["answer: ..."],
      [{ q: { name: "example.com", type: "A" }, rcode: "NOERROR" }],
    );
    expect(text).toContain('answer == [a("s0.default.svc.cluster.local.", 10.96.0.7)]');
    const host = {
      readFile: (p: string) => (p === "r.netspec" ? text : undefined),
      isDirectory: () => false,
      listDir: () => [],
    };
    const { diagnostics, plan } = loadPlan(["r.netspec"], host);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(plan.files[0]!.suites[0]!.cases[0]!.steps.filter((st) => st.type === "expect")).toHaveLength(2);
  });

  it("every generated case applies on the reference engine, and the reference agrees with itself", async () => {
    const r = await runDiff({
      cases: 25,
      seed: 11,
      reference: createTarget("reference"),
      other: createTarget("reference"),
      ctx,
    });
    expect(r.errors).toEqual([]);
    expect(r.cases).toBe(25);
    expect(r.queries).toBeGreaterThan(25 * 20);
    expect(r.disagreements).toEqual([]);
  });
});
