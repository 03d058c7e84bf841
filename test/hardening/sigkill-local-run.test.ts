/**
 * Issue 22's teardown bar: a `netspec run --target local` killed with SIGKILL half-way, then
 * `netspec clean`, leaves the machine as it was before — no network namespace, mount, nft table,
 * cgroup, containerd shim or process of the run (the kubelet, containerd, etcd… it started outlive
 * the SIGKILLed runner as orphans until `clean` stops them from the run's journal).
 */
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { mountsUnder } from "../../runner/targets/local/cluster/cleanup.js";
import { journalsUnder } from "../../runner/targets/local/cluster/index.js";
import { ensureGone } from "../../runner/targets/local/cluster/integration-helpers.js";
import { bin, localRunUnavailable, netnsNames, processesUnder } from "./machine-state.js";
import { disposeRun, journaledPid, sleep, startLocalRun, type LocalRun } from "./local-run.js";

const why = await localRunUnavailable();

describe.skipIf(why !== "")(`SIGKILL mid-run, then netspec clean${why ? ` (skipped: ${why})` : ""}`, () => {
  let run: LocalRun | undefined;
  afterAll(() => disposeRun(run));

  it("leaves no namespace, mount, nft table, container or process behind", { timeout: 420_000 }, async () => {
    const netns = netnsNames();
    run = startLocalRun("suites/k8s-dns-spec/apex.netspec", "/tmp/nsx-kill-run-");
    const { project } = run;
    // Half-way: the cluster is up (every node's kube-proxy journaled) and a case has had time to run.
    await journaledPid(run, "control-plane.kube-proxy");
    await sleep(8_000);
    expect(run.child.exitCode, `the run ended before it was killed:\n${run.output()}`).toBeNull();
    run.child.kill("SIGKILL");
    await run.child;
    const journals = journalsUnder(run.local);
    const entries = run.entries();
    expect(entries.filter((e) => e.kind === "process").length).toBeGreaterThan(5);
    expect(netnsNames().length).toBeGreaterThan(netns.length);

    const clean = await execa(process.execPath, [bin, "clean"], { cwd: project, reject: false });
    expect(clean.exitCode, String(clean.stdout) + String(clean.stderr)).toBe(0);
    expect(String(clean.stdout)).toMatch(new RegExp(`^${journals.length} cluster\\(s\\) cleaned`, "m"));

    await ensureGone(entries, project);
    expect(netnsNames()).toEqual(netns);
    expect(mountsUnder(project)).toEqual([]);
    expect(processesUnder(project)).toEqual([]);
    // Idempotent: a second clean finds nothing left to do.
    const again = await execa(process.execPath, [bin, "clean"], { cwd: project, reject: false });
    expect(String(again.stdout)).toMatch(/^0 cluster\(s\) cleaned/m);
  });
});
