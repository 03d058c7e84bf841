/**
 * Workloads: Deployment, ReplicaSet, StatefulSet and DaemonSet selectors against template labels,
 * replicas, strategies, StatefulSet serviceName (pkg/apis/apps/validation, pkg/apis/apps/v1
 * defaults.go); Jobs: generated selectors, manualSelector, completions, parallelism, restart policy
 * (pkg/apis/batch/validation, pkg/registry/batch/job/strategy.go).
 */
import type { Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, container, doc, maybe, meta } from "./build.js";
import { labelSelector } from "./selectors.js";

function template(r: Rng, labels: object | undefined, restartPolicy?: string): object {
  return compact({
    metadata: labels ? { labels } : maybe(r, 0.5, [{}, { name: "ignored" }]),
    spec: compact({ containers: [container()], restartPolicy }),
  });
}

export const workloads: Family = {
  name: "workloads",
  weight: 8,
  make(r, c) {
    const kind = r.pick(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "Job"] as const);
    const labels = maybe(r, 0.85, [{ app: "w" }, { app: "w", tier: "x" }, { app: "other" }, {}]);
    const selector = r.chance(0.7) ? { matchLabels: { app: "w" } } : maybe(r, 0.7, [labelSelector(r), {}]);
    if (kind === "Job") {
      const spec = compact({
        selector: r.chance(0.25) ? selector : undefined,
        manualSelector: maybe(r, 0.15, [true, false]),
        completions: maybe(r, 0.3, [1, 3, 0, -1]),
        parallelism: maybe(r, 0.3, [1, 2, 0, -1]),
        backoffLimit: maybe(r, 0.2, [0, 6, -1]),
        completionMode: maybe(r, 0.1, ["Indexed", "NonIndexed", "Bad"]),
        activeDeadlineSeconds: maybe(r, 0.1, [0, 60]),
        template: template(
          r,
          maybe(r, 0.5, [{ app: "w" }]),
          r.pick(["Never", "OnFailure", "Always", undefined, undefined]),
        ),
      });
      return {
        title: `Job spec ${JSON.stringify(spec)}`,
        probe: doc({ apiVersion: "batch/v1", kind, metadata: meta("j", c.ns), spec }),
      };
    }
    const spec = compact({
      replicas: kind === "DaemonSet" ? undefined : maybe(r, 0.4, [0, 3, -1]),
      selector,
      template: template(r, labels, maybe(r, 0.1, ["Never", "Always"])),
      serviceName: kind === "StatefulSet" ? maybe(r, 0.7, ["web", "", "Bad_Name"]) : undefined,
      strategy:
        kind === "Deployment"
          ? maybe(r, 0.2, [
              { type: "Recreate" },
              { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
              { type: "Bad" },
            ])
          : undefined,
      minReadySeconds: maybe(r, 0.1, [-1, 5]),
      podManagementPolicy:
        kind === "StatefulSet" ? maybe(r, 0.2, ["Parallel", "OrderedReady", "Bad"]) : undefined,
    });
    return {
      title: `${kind} spec ${JSON.stringify(spec)}`,
      probe: doc({ apiVersion: "apps/v1", kind, metadata: meta("w", c.ns), spec }),
    };
  },
};
