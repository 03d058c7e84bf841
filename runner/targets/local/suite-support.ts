/**
 * Which suites the local target skips before it starts anything, and why: a Kubernetes release other
 * than the one it builds, per-server upstream worlds, and a cluster block it cannot build here
 * (local-clusters.ts: unbuildable, unrunnableCni). LocalTarget.prepare and LocalClusters.ensure skip
 * with these reasons; `netspec check --target local` reports them without running anything.
 */
import type { SuiteSetup } from "../target.js";
import { clusterShape } from "../reference/index.js";
import { KUBERNETES_VERSION } from "./build.js";
import { unbuildable, unrunnableCni } from "./local-clusters.js";

/** What of the suite's setup (not its cluster block's shape) the local target does not serve. */
export function unsupportedSetup(setup: Pick<SuiteSetup, "cluster" | "upstream">): string | undefined {
  // The suite's API rules are those of one release (the engine gates them by it); this target
  // runs only the kube-apiserver it builds.
  const wanted = setup.cluster.kubernetesVersion;
  if (wanted !== undefined && !KUBERNETES_VERSION.startsWith(`v${wanted}.`))
    return `the local target runs kube-apiserver ${KUBERNETES_VERSION}; the suite asks for kubernetes-version ${wanted}`;
  // The fabric serves one world at every upstream address; per-server records need one each.
  if (setup.upstream.some((r) => r.server !== undefined))
    return 'the local target serves one upstream world for every address; `upstream "ADDR"` records (per-server worlds) are not served yet';
  return undefined;
}

/** Why the local target skips this whole suite, or undefined when it runs it. */
export function localSuiteSkip(setup: Pick<SuiteSetup, "cluster" | "upstream">): string | undefined {
  const why = unsupportedSetup(setup);
  if (why) return why;
  let shape;
  try {
    shape = clusterShape(setup.cluster);
  } catch {
    return undefined; // a block the engine refuses is the checker's error, not a skip
  }
  return unbuildable(shape) ?? unrunnableCni(setup.cluster.cni);
}
