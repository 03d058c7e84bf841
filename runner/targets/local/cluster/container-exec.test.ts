import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { podContainers } from "./container-exec.js";
import type { NodePlan } from "./spec.js";

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** This test process's start time (field 22 of /proc/self/stat): a live "container init". */
function selfStart(): number {
  const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
}

interface Fake {
  id: string;
  ns: string;
  pod: string;
  container: string;
  type?: string;
  alive?: boolean;
}

/** A node directory laid out as containerd (task bundles) and runc (state) keep it. */
function node(containers: Fake[]): NodePlan {
  const dir = mkdtempSync(`${tmpdir()}/netspec-cexec-`);
  dirs.push(dir);
  for (const c of containers) {
    const bundle = `${dir}/containerd/state/io.containerd.runtime.v2.task/k8s.io/${c.id}`;
    const state = `${dir}/containerd/runc/k8s.io/${c.id}`;
    mkdirSync(bundle, { recursive: true });
    mkdirSync(state, { recursive: true });
    const annotations = {
      "io.kubernetes.cri.container-type": c.type ?? "container",
      "io.kubernetes.cri.sandbox-namespace": c.ns,
      "io.kubernetes.cri.sandbox-name": c.pod,
      "io.kubernetes.cri.container-name": c.container,
    };
    writeFileSync(`${bundle}/config.json`, JSON.stringify({ ociVersion: "1.2.0", annotations }));
    const start = c.alive === false ? selfStart() + 1 : selfStart();
    writeFileSync(
      `${state}/state.json`,
      JSON.stringify({ init_process_pid: process.pid, init_process_start: start }),
    );
  }
  return { name: "n", dir } as NodePlan;
}

describe("podContainers: the pod's running app containers from the runtime's own records", () => {
  it("finds the one running container of the pod, skipping its sandbox and other pods", () => {
    const n = node([
      { id: "sbx", ns: "a", pod: "client", container: "POD", type: "sandbox" },
      { id: "c1", ns: "a", pod: "client", container: "main" },
      { id: "c2", ns: "b", pod: "client", container: "main" },
    ]);
    expect(podContainers([n], "a", "client").map((c) => [c.id, c.container])).toEqual([["c1", "main"]]);
  });

  it("ignores an exited container (its init pid gone or reused by another process)", () => {
    const n = node([
      { id: "old", ns: "a", pod: "client", container: "main", alive: false },
      { id: "new", ns: "a", pod: "client", container: "main" },
    ]);
    expect(podContainers([n], "a", "client").map((c) => c.id)).toEqual(["new"]);
  });

  it("returns every container of a two-container pod (the caller then leaves it to kubectl exec)", () => {
    const n = node([
      { id: "c1", ns: "a", pod: "web", container: "app" },
      { id: "c2", ns: "a", pod: "web", container: "sidecar" },
    ]);
    expect(podContainers([n], "a", "web")).toHaveLength(2);
  });

  it("looks on every node and tolerates a node without a runtime yet", () => {
    const empty = { name: "m", dir: "/nonexistent-netspec" } as NodePlan;
    const n = node([{ id: "c9", ns: "a", pod: "far", container: "main" }]);
    expect(podContainers([empty, n], "a", "far").map((c) => c.id)).toEqual(["c9"]);
  });
});
