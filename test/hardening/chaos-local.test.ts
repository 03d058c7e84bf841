/**
 * Chaos of the harness itself (issue 22): a component of the local cluster is killed with SIGKILL
 * in the middle of a `netspec run --target local`. The run must end on its own (no hang), report
 * the cases it broke as errored with the component named (component-down.ts), write its report,
 * and leave nothing on the machine once it has stopped (its own teardown, without `netspec clean`).
 * Nothing restarts a killed process here, as on a node whose systemd unit gave up: etcd, the API
 * server, and the node's containerd, kubelet and kube-proxy. (CoreDNS runs in a pod, which the
 * kubelet restarts: chaos-coredns.test.ts.) Ctrl-C while a component is down stops the run
 * promptly all the same.
 */
import { afterAll, describe, expect, it } from "vitest";
import { localRunUnavailable, machineState } from "./machine-state.js";
import {
  disposeRun,
  nextSuiteStarted,
  journaledPid,
  sleep,
  startLocalRun,
  type LocalRun,
} from "./local-run.js";

const why = await localRunUnavailable();
const SUITE = "suites/k8s-dns-spec/apex.netspec";

/** The suite's one node is the control plane (`cluster kubeadm { nodes 1 }`). */
const COMPONENTS = [
  "kube-apiserver",
  // etcd takes the API server with it; the API server is what every step and probe goes through.
  "etcd",
  "control-plane.containerd",
  "control-plane.kubelet",
  "control-plane.kube-proxy",
];

describe.skipIf(why !== "")(`killing a component mid-run${why ? ` (skipped: ${why})` : ""}`, () => {
  const runs: LocalRun[] = [];
  afterAll(async () => {
    for (const r of runs) await disposeRun(r);
  }, 180_000);

  for (const component of COMPONENTS) {
    it(
      `${component}: errored cases name it, the run ends and leaves nothing`,
      { timeout: 480_000 },
      async () => {
        const before = machineState("/tmp/nsx-chaos-");
        const run = startLocalRun(SUITE, "/tmp/nsx-chaos-", ["--verbose"]);
        runs.push(run);
        // Once the cluster is up and the first suite is done (the file's later server blocks are
        // still to come), the component dies.
        const pid = await journaledPid(run, component);
        await nextSuiteStarted(run);
        expect(run.child.exitCode, `the run ended before the kill:\n${run.output()}`).toBeNull();
        process.kill(pid, "SIGKILL");
        const r = await run.child;
        const out = run.output();
        expect(r.exitCode, out).not.toBe(0);
        const errored = run
          .report()
          .filter((c) => c.status === "errored")
          .map((c) => c.message ?? "");
        expect(errored.length, out).toBeGreaterThan(0);
        // Every case it broke says so (later cases too: nothing restarts it), none passes by accident.
        const named = `the local cluster lost a component: ${component} exited with`;
        expect(
          errored.filter((m) => !m.includes(named)),
          out,
        ).toEqual([]);
        const after = machineState(run.project);
        expect(after.netns).toEqual(before.netns);
        expect(after.mounts).toEqual([]);
        expect(after.processes).toEqual([]);
      },
    );
  }

  it(
    "Ctrl-C while kubelet is down: exits 2 within seconds, writes the report, leaves nothing",
    { timeout: 480_000 },
    async () => {
      const before = machineState("/tmp/nsx-chaos-");
      const run = startLocalRun(SUITE, "/tmp/nsx-chaos-", ["--verbose"]);
      runs.push(run);
      const pid = await journaledPid(run, "control-plane.kubelet");
      await nextSuiteStarted(run);
      process.kill(pid, "SIGKILL");
      await sleep(1_000);
      const sent = Date.now();
      run.child.kill("SIGINT");
      const r = await run.child;
      const took = Date.now() - sent;
      const out = run.output();
      expect(r.exitCode, out).toBe(2);
      // The cluster's teardown (processes stopped with a 5 s grace each, namespaces, mounts) is in it.
      expect(took, out).toBeLessThan(60_000);
      expect(run.report().length, out).toBeGreaterThan(0);
      const after = machineState(run.project);
      expect(after.netns).toEqual(before.netns);
      expect(after.mounts).toEqual([]);
      expect(after.processes).toEqual([]);
    },
  );
});
