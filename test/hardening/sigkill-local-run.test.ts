/**
 * Issue 22's teardown bar: a `netspec run --target local` killed with SIGKILL half-way, then
 * `netspec clean`, leaves the machine as it was before — no network namespace, mount, nft table,
 * cgroup, containerd shim or process of the run (the kubelet, containerd, etcd… it started outlive
 * the SIGKILLed runner as orphans until `clean` stops them from the run's journal).
 */
import { execa } from "execa";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mountsUnder } from "../../runner/targets/local/cluster/cleanup.js";
import { cleanLeftovers, journalsUnder, readJournal } from "../../runner/targets/local/cluster/index.js";
import { ensureGone, waitFor } from "../../runner/targets/local/cluster/integration-helpers.js";
import { bin, localRunUnavailable, netnsNames, processesUnder, root } from "./machine-state.js";

const why = await localRunUnavailable();

describe.skipIf(why !== "")(`SIGKILL mid-run, then netspec clean${why ? ` (skipped: ${why})` : ""}`, () => {
  const project = mkdtempSync("/tmp/nsx-kill-run-");
  const local = join(project, ".netspec", "local");
  let run: ReturnType<typeof execa> | undefined;
  afterAll(async () => {
    // Only if the test failed half-way: never leave the machine dirty (and never delete a journal
    // while its cluster is up: it is the only record of what to undo).
    if (run && run.exitCode === null) {
      run.kill("SIGKILL");
      await run;
    }
    await cleanLeftovers(local);
    if (!mountsUnder(project).length) rmSync(project, { recursive: true, force: true });
  });

  it("leaves no namespace, mount, nft table, container or process behind", { timeout: 420_000 }, async () => {
    const before = { netns: netnsNames(), processes: processesUnder(project) };
    copyFileSync(join(root, "suites/k8s-dns-spec/apex.netspec"), join(project, "apex.netspec"));
    run = execa(process.execPath, [bin, "run", "--target", "local", "apex.netspec"], {
      cwd: project,
      reject: false,
      buffer: false,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let out = "";
    run.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    run.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    // Half-way: the cluster is up (every node's kube-proxy journaled) and a case has had time to run.
    await waitFor(
      "the local cluster of the run",
      async () =>
        journalsUnder(local).some((j) =>
          readJournal(j).some((e) => e.kind === "process" && e.name.endsWith("kube-proxy")),
        ),
      300_000,
    );
    await new Promise((r) => setTimeout(r, 8_000));
    expect(run.exitCode, `the run ended before it was killed:\n${out}`).toBeNull();
    run.kill("SIGKILL");
    await run;
    const journals = journalsUnder(local);
    const entries = journals.flatMap((j) => readJournal(j));
    expect(entries.filter((e) => e.kind === "process").length).toBeGreaterThan(5);
    expect(netnsNames().length).toBeGreaterThan(before.netns.length);

    const clean = await execa(process.execPath, [bin, "clean"], { cwd: project, reject: false });
    expect(clean.exitCode, String(clean.stdout) + String(clean.stderr)).toBe(0);
    expect(String(clean.stdout)).toMatch(new RegExp(`^${journals.length} cluster\\(s\\) cleaned`, "m"));

    await ensureGone(entries, project);
    expect(netnsNames()).toEqual(before.netns);
    expect(mountsUnder(project)).toEqual([]);
    expect(processesUnder(project)).toEqual(before.processes);
    // Idempotent: a second clean finds nothing left to do.
    const again = await execa(process.execPath, [bin, "clean"], { cwd: project, reject: false });
    expect(String(again.stdout)).toMatch(/^0 cluster\(s\) cleaned/m);
  });
});
