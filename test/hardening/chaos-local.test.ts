/**
 * Chaos of the harness itself (issue 22): a component of the local cluster is killed with SIGKILL
 * in the middle of a `netspec run --target local`. The run must end on its own (no hang), report
 * the cases it broke as errored with the component named (component-down.ts), write its report,
 * and leave nothing on the machine once it has stopped (its own teardown, without `netspec clean`).
 */
import { execa } from "execa";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanLeftovers, journalsUnder, readJournal } from "../../runner/targets/local/cluster/index.js";
import { waitFor } from "../../runner/targets/local/cluster/integration-helpers.js";
import { bin, localRunUnavailable, machineState, root } from "./machine-state.js";

const why = await localRunUnavailable();

interface CaseJson {
  status: string;
  message?: string;
}

describe.skipIf(why !== "")(`killing a component mid-run${why ? ` (skipped: ${why})` : ""}`, () => {
  const projects: string[] = [];
  afterAll(async () => {
    for (const p of projects) {
      await cleanLeftovers(join(p, ".netspec", "local"));
      if (!machineState(p).mounts.length) rmSync(p, { recursive: true, force: true });
    }
  });

  // etcd takes the API server with it; the API server is what every step and probe goes through.
  for (const component of ["kube-apiserver", "etcd"]) {
    it(
      `${component}: errored cases name it, the run ends and leaves nothing`,
      { timeout: 480_000 },
      async () => {
        const project = mkdtempSync("/tmp/nsx-chaos-");
        projects.push(project);
        const local = join(project, ".netspec", "local");
        const before = machineState(project);
        copyFileSync(join(root, "suites/k8s-dns-spec/apex.netspec"), join(project, "apex.netspec"));
        const run = execa(
          process.execPath,
          [
            bin,
            "run",
            "--target",
            "local",
            "--reporter",
            "console",
            "--reporter",
            "json:report.json",
            "apex.netspec",
          ],
          { cwd: project, reject: false, env: { ...process.env, NO_COLOR: "1" } },
        );
        // Once the cluster is up and the cases have started, the component dies.
        let pid = 0;
        await waitFor(
          `the run's ${component}`,
          async () => {
            const entries = journalsUnder(local).flatMap((j) => readJournal(j));
            const proxyUp = entries.some((e) => e.kind === "process" && e.name.endsWith("kube-proxy"));
            const e = entries.find((x) => x.kind === "process" && x.name === component);
            pid = proxyUp && e?.kind === "process" ? e.pid : 0;
            return pid > 0;
          },
          300_000,
        );
        await new Promise((r) => setTimeout(r, 15_000));
        process.kill(pid, "SIGKILL");
        const r = await run;
        const out = `${String(r.stdout)}\n${String(r.stderr)}`;
        expect(r.exitCode, out).not.toBe(0);
        const report = JSON.parse(readFileSync(join(project, "report.json"), "utf8")) as {
          cases: CaseJson[];
        };
        const errored = report.cases.filter((c) => c.status === "errored").map((c) => c.message ?? "");
        expect(errored.length, out).toBeGreaterThan(0);
        // Every case it broke says so (later cases too: nothing restarts it), none passes by accident.
        const named = `the local cluster lost a component: ${component} exited with`;
        expect(
          errored.filter((m) => !m.includes(named)),
          out,
        ).toEqual([]);
        const after = machineState(project);
        expect(after.netns).toEqual(before.netns);
        expect(after.mounts).toEqual([]);
        expect(after.processes).toEqual(before.processes);
      },
    );
  }
});
