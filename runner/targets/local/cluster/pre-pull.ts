/**
 * Every node pulls the base image while CoreDNS starts: it is what every container whose image is
 * not ours runs (images/registry.ts answers every other name with it), and containerd keeps content
 * and unpacked snapshots by digest, so a pod's pull of `nginx` later fetches one manifest and reuses
 * the layers. Without it the first case on each node paid the pull (12–26 s on these machines),
 * and cases running at once (--parallel) all waited on it inside their apply step's timeout.
 */
import { execa } from "execa";
import { IMAGE_REFS } from "../images/index.js";
import { inNetns } from "./network.js";
import { runtimePaths } from "./runtime-config.js";
import type { ClusterPlan } from "./spec.js";

/** Pulls on every node at once; what failed, per node (a failure only costs the later pod its pull). */
export async function prePullBase(plan: ClusterPlan, ctr: string, signal?: AbortSignal): Promise<string[]> {
  const failures = await Promise.all(
    plan.nodes.map(async (n) => {
      const p = runtimePaths(n);
      // In the node's namespace: the registry is served on the fabric address the node reaches.
      const argv = [...inNetns(n.netns), ctr, "--address", p.socket, "-n", "k8s.io"];
      const pull = [...argv, "images", "pull", "--hosts-dir", p.certsDir, IMAGE_REFS.base];
      const r = await execa(pull[0]!, pull.slice(1), { reject: false, cancelSignal: signal });
      return r.exitCode === 0 ? undefined : `${n.name}: ${String(r.stderr).trim().split("\n").pop()}`;
    }),
  );
  return failures.filter((f): f is string => f !== undefined);
}
