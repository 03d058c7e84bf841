/**
 * What each real target honours of a spec, as its own code states it, read without starting
 * anything: the target object itself (Capabilities.faults and its observer table, which the runner
 * skips by), the suites it skips before running (kindSuiteSkip, localSuiteSkip), the node names it
 * maps (kind: kindNodeNameMap over the reference profile's nodes; local: the reference profile's
 * nodes, which LocalClusters builds) and the
 * service CIDR and node-port range its API server allocates from.
 */
import type { ClusterSettings, UpstreamRecord } from "../../dsl/index.js";
import {
  clusterShape,
  createTarget,
  DEFAULT_NODE_PORT_RANGE,
  kindNodeNameMap,
  kindServiceCidrs,
  kindSuiteSkip,
  localSuiteSkip,
  profileNodes,
  UnknownTargetError,
  type ClusterShape,
  type Target,
  type Twinless,
} from "../targets/index.js";

/**
 * The node names a target honours for a cluster block (as written or mapped), and the others: every
 * node of the reference is in `names` or in `unmapped`.
 */
export interface KnownNodes {
  /** Names a spec may write for the target's nodes (kind: the reference's and `kind-…`, mapped). */
  names: string[];
  /** A node of the reference the target has no node for → why, and what the spec can do. */
  unmapped: ReadonlyMap<string, Twinless>;
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
      nodes: (c) => {
        // The names KubeTarget maps for this block (node-names.ts), under kind's default cluster name.
        const map = kindNodeNameMap(c, "kind", profileNodes(c));
        const n = Math.max(1, c.nodes ?? 1);
        return {
          names: [...map.forward.keys()],
          unmapped: map.unmapped,
          what: `the kind cluster of this block (${n} node${n === 1 ? "" : "s"})`,
        };
      },
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
            unmapped: new Map(),
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
