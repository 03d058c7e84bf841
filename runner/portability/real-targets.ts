/**
 * What each real target honours of a spec, as its own code states it, read without starting
 * anything: the target object itself (Capabilities.faults and its observer table, which the runner
 * skips by), the suites it skips before running (kindSuiteSkip, localSuiteSkip), the node names it
 * maps (kind: kindNodeNames; local: the reference profile's nodes, which LocalClusters builds) and the
 * service CIDR and node-port range its API server allocates from.
 */
import type { ClusterSettings, UpstreamRecord } from "../../dsl/index.js";
import {
  clusterShape,
  createTarget,
  DEFAULT_NODE_PORT_RANGE,
  kindNodeNames,
  kindServiceCidrs,
  kindSuiteSkip,
  localSuiteSkip,
  UnknownTargetError,
  type ClusterShape,
  type Target,
} from "../targets/index.js";

/** The nodes a target has for a cluster block, and which fields it honours a pinned name in. */
export interface KnownNodes {
  names: string[];
  /** The target maps names in `spec.nodeName` only (not in hostname selectors or affinity). */
  nodeNameOnly: boolean;
  /** How the target names them, for messages: `the kind cluster of this block (3 nodes)`. */
  what: string;
}

export interface RealTarget {
  /** `kind`, `cluster` or `local`, as `check --target` names it. */
  name: string;
  /** The target (never prepared): its statements of what it realises and observes. */
  target: Target;
  /** Why the target skips a whole suite, or undefined. */
  suiteSkip(setup: { cluster: ClusterSettings; upstream: UpstreamRecord[] }): string | undefined;
  /** The nodes of this block, or undefined when they cannot be known offline. */
  nodes(cluster: ClusterSettings): KnownNodes | undefined;
  /** The service CIDRs of this block, or undefined when they cannot be known offline. */
  serviceCidrs(cluster: ClusterSettings): string[] | undefined;
  /** The node-port range, or undefined when it cannot be known offline. */
  nodePorts?: { first: number; last: number };
}

/** The target names `check --target` accepts. */
export const REAL_TARGETS = ["kind", "cluster", "local"] as const;

function shapes(): (cluster: ClusterSettings) => ClusterShape | undefined {
  const known = new Map<string, ClusterShape | undefined>();
  return (cluster) => {
    const key = JSON.stringify({ ...cluster, span: undefined });
    if (!known.has(key)) {
      let shape: ClusterShape | undefined;
      try {
        shape = clusterShape(cluster);
      } catch {
        shape = undefined; // a block the engine refuses: the checker's error already
      }
      known.set(key, shape);
    }
    return known.get(key);
  };
}

/** `kind`, `cluster` (or `cluster:CONTEXT`) or `local`; anything else is UnknownTargetError. */
export function realTarget(spec: string): RealTarget {
  const quiet = { dryRun: true, write: () => {} };
  if (spec === "kind")
    return {
      name: "kind",
      target: createTarget("kind", quiet),
      suiteSkip: (s) => kindSuiteSkip(s.cluster),
      nodes: (c) => ({
        names: kindNodeNames(c),
        nodeNameOnly: true,
        what: `the kind cluster of this block (${Math.max(1, c.nodes ?? 1)} nodes)`,
      }),
      serviceCidrs: kindServiceCidrs,
      nodePorts: DEFAULT_NODE_PORT_RANGE,
    };
  if (spec === "cluster" || spec.startsWith("cluster:")) {
    const context = spec.slice("cluster:".length) || "CONTEXT";
    return {
      name: "cluster",
      target: createTarget(`cluster:${context}`, { ...quiet, allowContext: context }),
      suiteSkip: () => undefined,
      nodes: () => undefined,
      serviceCidrs: () => undefined,
    };
  }
  if (spec === "local") {
    const shape = shapes();
    return {
      name: "local",
      target: createTarget("local"),
      suiteSkip: localSuiteSkip,
      nodes: (c) => {
        const s = shape(c);
        return (
          s && {
            names: s.nodes.map((n) => n.name),
            nodeNameOnly: false,
            what: "the local cluster of this block",
          }
        );
      },
      serviceCidrs: (c) => shape(c)?.serviceCidrs,
      nodePorts: DEFAULT_NODE_PORT_RANGE,
    };
  }
  throw new UnknownTargetError(
    `check --target takes ${REAL_TARGETS.join(", ")} (or cluster:CONTEXT), not "${spec}"`,
  );
}
