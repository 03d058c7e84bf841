/**
 * `kubectl exec` without the round trip through the API server: the local cluster's containers are
 * runc containers on this machine, so a probe runs as `runc exec` of the pod's container — the step a
 * CRI exec ends in (containerd's shim execs runc with the container's own process spec, only the args
 * replaced: containerd internal/cri/server/container_execsync.go execInternal; runc exec.go
 * getProcess) — without kubectl's start, its API discovery, and the API server's and the kubelet's
 * streaming upgrade (about half a second per probe on these machines).
 *
 * The container is found from the runtime's own records: each task bundle's config.json carries the
 * CRI annotations (sandbox namespace and name, container name and type; containerd
 * internal/cri/annotations), and runc's state.json the init pid. Only an unambiguous answer is used —
 * exactly one running container of that pod, kubectl's default container — otherwise the caller
 * falls back to kubectl exec, which is correct by construction.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { execa } from "execa";
import { runtimePaths } from "./runtime-config.js";
import type { NodePlan } from "./spec.js";

/** containerd's CRI annotations on a container's OCI spec (internal/cri/annotations/annotations.go). */
const A = {
  type: "io.kubernetes.cri.container-type",
  namespace: "io.kubernetes.cri.sandbox-namespace",
  pod: "io.kubernetes.cri.sandbox-name",
  container: "io.kubernetes.cri.container-name",
};

/** The CRI namespace of containerd: kubelet's containers live under it (runc root and task state). */
const CRI_NS = "k8s.io";

interface Found {
  id: string;
  container: string;
  runcRoot: string;
}

/** What one bundle says about its container (undefined: not a pod's app container). */
function bundleOf(dir: string): { namespace: string; pod: string; container: string } | undefined {
  try {
    const spec = JSON.parse(readFileSync(`${dir}/config.json`, "utf8")) as {
      annotations?: Record<string, string>;
    };
    const a = spec.annotations ?? {};
    const [namespace, pod, container] = [a[A.namespace], a[A.pod], a[A.container]];
    if (a[A.type] !== "container" || !namespace || !pod || !container) return undefined;
    return { namespace, pod, container };
  } catch {
    return undefined; // a bundle being written or removed
  }
}

/** Whether runc's container `id` under `root` has its init process alive (the pid not reused). */
function running(root: string, id: string): boolean {
  try {
    const st = JSON.parse(readFileSync(`${root}/${id}/state.json`, "utf8")) as {
      init_process_pid?: number;
      init_process_start?: number;
    };
    const stat = readFileSync(`/proc/${st.init_process_pid}/stat`, "utf8");
    // Field 22 (starttime), after the parenthesised command name, which may hold spaces.
    const start = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    return start === st.init_process_start;
  } catch {
    return false;
  }
}

/** Running app containers of pod `namespace/pod` on the nodes (every node's runtime is on this machine). */
export function podContainers(nodes: NodePlan[], namespace: string, pod: string): Found[] {
  const found: Found[] = [];
  for (const n of nodes) {
    const rt = runtimePaths(n);
    const tasks = `${rt.state}/io.containerd.runtime.v2.task/${CRI_NS}`;
    const runcRoot = `${rt.runcRoot}/${CRI_NS}`;
    if (!existsSync(tasks)) continue;
    for (const id of readdirSync(tasks)) {
      const b = bundleOf(`${tasks}/${id}`);
      if (b && b.namespace === namespace && b.pod === pod && running(runcRoot, id))
        found.push({ id, container: b.container, runcRoot });
    }
  }
  return found;
}

/**
 * Runs argv in the pod's container with runc, when the pod has exactly one running container (the one
 * kubectl exec would choose without `-c`); undefined when that cannot be told from the runtime alone.
 */
export async function containerExec(
  nodes: NodePlan[],
  runc: string,
  target: { namespace: string; pod: string },
  argv: string[],
  o: { signal?: AbortSignal } = {},
): Promise<{ code: number; stdout: string; stderr: string; argv: string[] } | undefined> {
  const found = podContainers(nodes, target.namespace, target.pod);
  if (found.length !== 1) return undefined;
  const c = found[0]!;
  const full = [runc, "--root", c.runcRoot, "exec", c.id, ...argv];
  const r = await execa(full[0]!, full.slice(1), { reject: false, cancelSignal: o.signal, stdin: "ignore" });
  // runc's own failure (the container stopped in between, say) is not the probe's answer: it logs
  // `level=error msg="exec failed: …"` (runc utils_linux.go fatal); kubectl exec then decides.
  if (
    r.exitCode !== 0 &&
    /level=error|^ERRO/m.test(String(r.stderr)) &&
    /exec failed|container/.test(String(r.stderr))
  )
    return undefined;
  return { code: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr), argv: full };
}
