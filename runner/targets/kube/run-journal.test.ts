import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TargetContext } from "../target.js";
import { scriptedRunner } from "./commands.js";
import { KubeTarget } from "./kube-target.js";
import { cleanKubeJournals, KubeJournal, readKubeJournal } from "./run-journal.js";

const scratches: string[] = [];
/** A scratch work directory, removed after the file's tests. */
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), "nsx-kube-journal-"));
  scratches.push(d);
  return d;
};
afterAll(() => {
  for (const d of scratches) rmSync(d, { recursive: true, force: true });
});

const kindRunner = () =>
  scriptedRunner((argv) =>
    argv.includes("get") && argv.includes("clusters") ? { code: 0, stdout: "", stderr: "" } : undefined,
  );
const setup = {
  file: "a.netspec",
  suite: "S",
  cluster: { profile: "kind" as const, nodes: 1 },
  upstream: [],
};
const manifest = {
  path: "a.yaml",
  text: "apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: x }\n",
  line: 1,
  column: 0,
};

describe("the kube targets' run journal (what netspec clean undoes after a SIGKILL)", () => {
  it("journals each case's namespaces and the kind cluster before they exist, and marks a disposed run cleaned", async () => {
    const workDir = scratch();
    const ctx: TargetContext = { seed: 7, workDir, signal: new AbortController().signal, log: () => {} };
    const t = new KubeTarget({ spec: "kind", runner: kindRunner() });
    await t.prepare(setup, ctx);
    await t.reset(setup, ctx);
    await t.apply([manifest], ctx);
    const [file] = readdirSync(join(workDir, "kube"));
    const path = join(workDir, "kube", file!);
    expect(readKubeJournal(path).map((e) => e.kind + ("name" in e ? ` ${e.name}` : ""))).toEqual([
      "run",
      "kind-cluster netspec-7",
      "namespace netspec-7-1-x",
    ]);
    // The run is alive (it is this process): clean leaves it alone.
    expect((await cleanKubeJournals(join(workDir, "kube"), kindRunner()))[0]!.state).toBe("owner-alive");
    await t.dispose(ctx);
    expect(readKubeJournal(path).map((e) => e.kind)).toEqual([
      "run",
      "kind-cluster",
      "namespace",
      "namespace-deleted",
      "kind-cluster-deleted",
      "cleaned",
    ]);
  });

  it("a run that died: its namespaces are deleted newest first on their context, its kind clusters deleted, once", async () => {
    const dir = scratch();
    // pid 2^22 + 1 is above Linux's pid_max: no such process, so the run is over.
    const j = new KubeJournal(dir, "cluster:prod", { pid: 4194305, startTime: "1" });
    j.record({ kind: "namespace", name: "netspec-1-1-a", context: "prod", kubeconfig: "" });
    j.record({ kind: "namespace", name: "netspec-1-1-b", context: "prod", kubeconfig: "" });
    j.record({ kind: "namespace-deleted", name: "netspec-1-1-a", context: "prod", kubeconfig: "" });
    j.record({ kind: "namespace", name: "netspec-1-2-a", context: "prod", kubeconfig: "" });
    j.record({ kind: "namespace", name: "gone", context: "", kubeconfig: join(dir, "no-such-kubeconfig") });
    j.record({ kind: "kind-cluster", name: "netspec-1" });
    j.record({ kind: "namespace", name: "netspec-1-1-x", context: "kind-netspec-1", kubeconfig: "" });
    const runner = kindRunner();
    const [r] = await cleanKubeJournals(dir, runner);
    expect(r).toMatchObject({ state: "cleaned", errors: [] });
    expect(runner.calls.map((c) => c.argv.join(" "))).toEqual([
      "kubectl --context prod delete namespace netspec-1-2-a --wait=false --ignore-not-found",
      "kubectl --context prod delete namespace netspec-1-1-b --wait=false --ignore-not-found",
      "kind delete cluster --name netspec-1",
    ]);
    expect((await cleanKubeJournals(dir, runner))[0]!.state).toBe("already-clean");
    expect(runner.calls).toHaveLength(3);
  });

  it("a failed delete is reported with the command and kubectl's words", async () => {
    const dir = scratch();
    new KubeJournal(dir, "cluster:prod", { pid: 4194305, startTime: "1" }).record({
      kind: "namespace",
      name: "n",
      context: "prod",
      kubeconfig: "",
    });
    const runner = scriptedRunner(() => ({
      code: 1,
      stdout: "",
      stderr: 'error: context "prod" does not exist',
    }));
    const [r] = await cleanKubeJournals(dir, runner);
    expect(r!.errors).toEqual([
      'kubectl --context prod delete namespace n --wait=false --ignore-not-found: error: context "prod" does not exist',
    ]);
    // Not marked cleaned: the next `netspec clean` tries again.
    expect((await cleanKubeJournals(dir, runner))[0]!.state).toBe("cleaned");
    expect(runner.calls).toHaveLength(2);
  });

  it("a dry run journals nothing", async () => {
    const workDir = scratch();
    const ctx: TargetContext = { seed: 7, workDir, signal: new AbortController().signal, log: () => {} };
    const t = new KubeTarget({ spec: "kind", runner: kindRunner(), dryRun: true });
    await t.prepare(setup, ctx);
    await t.reset(setup, ctx);
    await t.apply([manifest], ctx);
    expect(existsSync(join(workDir, "kube"))).toBe(false);
  });
});
