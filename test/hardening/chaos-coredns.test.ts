/**
 * Chaos of the harness itself (issue 22), the one component that heals: CoreDNS runs in kubeadm's
 * Deployment, so when its processes are killed mid-run the kubelet starts the containers again
 * (pkg/kubelet/kuberuntime SyncPod: a container that exited under restartPolicy Always is
 * restarted) and the readiness probe takes the replica out of the Service meanwhile. The run goes
 * on: eventual assertions (`--within`, 30 s on real targets) ride out the restart, so no case may
 * error, a case that fails anyway must show CoreDNS in its evidence, and the run leaves nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../runner/targets/local/cluster/integration-helpers.js";
import { localRunUnavailable, machineState, netnsNames } from "./machine-state.js";
import { containerPids, disposeRun, journaledPid, sleep, startLocalRun, type LocalRun } from "./local-run.js";

const why = await localRunUnavailable();

describe.skipIf(why !== "")(`killing CoreDNS mid-run${why ? ` (skipped: ${why})` : ""}`, () => {
  let run: LocalRun | undefined;
  afterAll(() => disposeRun(run));

  it("the kubelet restarts it, the run goes on and leaves nothing", { timeout: 480_000 }, async () => {
    const netns = netnsNames();
    run = startLocalRun("suites/k8s-dns-spec/apex.netspec", "/tmp/nsx-chaos-dns-");
    await journaledPid(run, "control-plane.kube-proxy");
    const r = run;
    let victims: number[] = [];
    await waitFor(
      "CoreDNS's processes",
      async () => (victims = containerPids(r, "coredns")).length > 0,
      120_000,
    );
    await sleep(10_000);
    expect(run.child.exitCode, `the run ended before the kill:\n${run.output()}`).toBeNull();
    victims = containerPids(run, "coredns");
    for (const pid of victims) process.kill(pid, "SIGKILL");
    // The kubelet brings them back: new processes, none of the killed ones.
    let again: number[] = [];
    await waitFor(
      "CoreDNS restarted by the kubelet",
      async () => (again = containerPids(r, "coredns").filter((p) => !victims.includes(p))).length > 0,
      120_000,
    );
    expect(again.length).toBeGreaterThan(0);
    await run.child;
    const out = run.output();
    const cases = run.report();
    expect(cases.length, out).toBe(10);
    expect(
      cases.filter((c) => c.status === "errored"),
      out,
    ).toEqual([]);
    // The evidence of a failed case on a real target holds the CoreDNS pods and their logs.
    for (const c of cases.filter((x) => x.status === "failed"))
      expect(JSON.stringify(c), out).toMatch(/coredns/i);
    const after = machineState(run.project);
    expect(after.netns).toEqual(netns);
    expect(after.mounts).toEqual([]);
    expect(after.processes).toEqual([]);
  });
});
