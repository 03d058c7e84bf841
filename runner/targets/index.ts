/**
 * Target factory for the CLI: `reference` is the in-process engine; `kind` and `cluster:CONTEXT` drive
 * real clusters through kubectl (kube/); `local` runs a real control plane and CoreDNS (local/).
 */
import type { ClusterSettings } from "../../dsl/index.js";
import { adminPolicyCrds, clusterShape, createReferenceTarget } from "./reference/index.js";
export {
  clusterShape,
  referenceAdmission,
  type AdmissionReport,
  type ClusterShape,
} from "./reference/index.js";
export { referenceCorefileServer, type CorefileServer } from "./reference/index.js";
import {
  execaRunner,
  KubeTarget,
  printingRunner,
  type CommandRunner,
  type ProfileNode,
} from "./kube/index.js";
import { DEFAULT_COREDNS_VERSION, LocalTarget, localBinaries } from "./local/index.js";
import type { Target } from "./target.js";

export {
  TargetError,
  type Capabilities,
  type Declined,
  type Evidence,
  type Observer,
  type ObservationByProbe,
  type Observers,
  type ProbeKind,
  type ProbeOf,
  type SuiteSetup,
  type Target,
  type TargetContext,
} from "./target.js";
export { declined, declinedReason, mapObservers, observe } from "./observers.js";
export {
  serveUpstream,
  serveUpstreamWorld,
  type UpstreamRecordText,
  type UpstreamState,
} from "./dns-wire/index.js";
export {
  exchangeLoopback,
  freeLoopbackPort,
  packetsObservation,
  type ExchangeOptions,
  queryPacket,
  type LoopbackQuestion,
} from "./dns-wire/index.js";
export {
  DEFAULT_NODE_PORT_RANGE,
  kindConfig,
  kindNodeNameMap,
  kindNodeNames,
  kindServiceCidrs,
  kindSuiteSkip,
  UNREALISED_FAULTS,
  parseDig,
  NamespaceMap,
  scriptedRunner,
  execaRunner,
  cleanKubeJournals,
  type CommandRunner,
  type KubeLeftover,
  type NodeNameMap,
  type ProfileNode,
  type Twinless,
} from "./kube/index.js";
export {
  buildComponents,
  cacheDir,
  DEFAULT_COREDNS_VERSION,
  localBinaries,
  LocalTarget,
  ControlPlane,
  cleanLeftovers,
  localSuiteSkip,
  LOCAL_UNREALISED,
  connectOutside,
  serveOutside,
  type BuildHost,
  type Leftover,
} from "./local/index.js";

const CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
const profileNodesByBlock = new Map<string, ProfileNode[]>();

/**
 * The nodes the reference's profile makes for a cluster block, with their role (every profile labels
 * its control plane `node-role.kubernetes.io/control-plane`): what the kind target maps a spec's node
 * names from. None for a block the engine refuses (the checker reports that block).
 */
export function profileNodes(cluster: ClusterSettings): ProfileNode[] {
  const key = JSON.stringify({ ...cluster, span: undefined });
  let nodes = profileNodesByBlock.get(key);
  if (!nodes) {
    try {
      nodes = clusterShape(cluster).nodes.map((n) => ({
        name: n.name,
        controlPlane: CONTROL_PLANE_LABEL in n.labels,
      }));
    } catch {
      nodes = [];
    }
    profileNodesByBlock.set(key, nodes);
  }
  return nodes;
}

/** A target spec the CLI cannot honour (unknown or not yet available): a usage error. */
export class UnknownTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownTargetError";
  }
}

export interface TargetOptions {
  /** Real targets: run commands through this (default: real processes). */
  runner?: CommandRunner;
  /** Print the commands instead of running them (`--dry-run`); `write` receives them. */
  dryRun?: boolean;
  write?: (line: string) => void;
  kindCluster?: string;
  keep?: boolean;
  /** The one non-`kind-` context the user allowed (`--allow-context`). */
  allowContext?: string;
  /** cluster:CTX may have cluster-scoped and system objects changed (restored after each case). */
  allowClusterChanges?: boolean;
  probeImage?: string;
  /** local: the CoreDNS release to build and run. */
  corednsVersion?: string;
  env?: Record<string, string | undefined>;
}

export const knownTargets = ["reference", "kind", "cluster:<context>", "local"] as const;

export function createTarget(spec: string, options: TargetOptions = {}): Target {
  if (spec === "reference") return createReferenceTarget();
  if (spec === "cluster")
    throw new UnknownTargetError("the cluster target needs a context: --target cluster:CONTEXT");
  if (spec.startsWith("cluster:")) {
    const context = spec.slice("cluster:".length);
    // Safety: only kind clusters unless the user names the context explicitly.
    if (!context.startsWith("kind-") && context !== options.allowContext)
      throw new UnknownTargetError(
        `refusing to run against context "${context}": it is not a kind cluster (kind-*); pass --allow-context ${context} if you mean it`,
      );
  }
  if (spec === "kind" || spec.startsWith("cluster:")) {
    const runner = options.dryRun
      ? printingRunner(options.write ?? (() => {}))
      : (options.runner ?? execaRunner());
    return new KubeTarget({
      spec,
      runner,
      kindCluster: options.kindCluster,
      keep: options.keep,
      probeImage: options.probeImage,
      dryRun: options.dryRun,
      allowClusterChanges: options.allowClusterChanges,
      write: options.write,
      policyCrds: adminPolicyCrds(),
      ...(spec === "kind" ? { profileNodes } : {}),
    });
  }
  if (spec === "local") {
    if (options.dryRun)
      throw new UnknownTargetError("--dry-run applies to the kind and cluster targets only");
    const corednsVersion = options.corednsVersion ?? DEFAULT_COREDNS_VERSION;
    return new LocalTarget({
      corednsVersion,
      binaries: (ctx) =>
        localBinaries({ corednsVersion, set: "cluster", env: options.env, log: ctx.log, signal: ctx.signal }),
      // NETSPEC_LOCAL_EXEC=kubectl: every probe through kubectl exec (to compare the two ways in).
      podExec: options.env?.NETSPEC_LOCAL_EXEC === "kubectl" ? "kubectl" : "runc",
    });
  }
  throw new UnknownTargetError(`unknown target "${spec}" (known: ${knownTargets.join(", ")})`);
}
