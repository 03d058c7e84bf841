/**
 * An `openshift` cluster installed with a Network CR of its own (openshift-install's
 * cluster-network-02-config.yml, and optionally the operator's cluster-network-03-config.yml): the
 * manifests are admitted as the API server admits them (the CRD schemas, located errors), then
 * checked as the Cluster Network Operator checks the config before its first rollout (render.go
 * validateIPPools, cluster_config.go validateClusterConfig), and what passes becomes the cluster's
 * pod networks, per-node hostPrefix, service network and network type.
 */
import {
  buildProfile,
  ClusterRuntime,
  validateNetworkConfig,
  type BuiltProfile,
  type ProfileSpec,
} from "../cluster/index.js";
import { EngineError, type ClusterSpec } from "../engine.js";
import { createClock, createRng, type SourceText } from "../support/index.js";
import { guard } from "./errors.js";

type InstallNetwork = Pick<
  ProfileSpec,
  "clusterNetworks" | "serviceCidrs" | "networkType" | "operatorNetwork"
>;

/** The line of the first `key:` in the source (where a CNO refusal about that field points). */
function lineOf(src: SourceText, key: string | undefined): { path: string; line: number; column: number } {
  const lines = src.text.split("\n");
  const re = new RegExp(`(^|[\\s{,-])${key}\\s*:`);
  const i = key ? lines.findIndex((l) => re.test(l)) : -1;
  if (i < 0) return { path: src.path, line: src.line, column: src.column };
  const at = lines[i]!.indexOf(key!, lines[i]!.search(re));
  return { path: src.path, line: src.line + i, column: at + 1 };
}

const FIELD_OF: [RegExp, string][] = [
  [/hostPrefix/, "hostPrefix"],
  [/serviceNetwork|ServiceNetwork/, "serviceNetwork"],
  [/clusterNetwork|ClusterNetwork/, "clusterNetwork"],
  [/networkType/, "networkType"],
];

function installNetwork(src: SourceText): InstallNetwork {
  const scratch = new ClusterRuntime({
    info: buildProfile({ profile: "openshift", addons: false }).info,
    clock: createClock(),
    rng: createRng(1).fork("install"),
    taints: new Map(),
    reservedServiceIPs: [],
    pinnedIPsAnywhere: true,
  });
  guard(() => scratch.apply([src]));
  const config = scratch.store.get("Network", "", "cluster");
  if (!config || config.kind !== "Network")
    throw new EngineError(
      'the cluster\'s network manifests need a config.openshift.io/v1 Network named "cluster"',
      "cluster/invalid",
      { path: src.path, line: src.line, column: src.column },
    );
  const conf = {
    clusterNetwork: config.spec.clusterNetwork,
    serviceNetwork: config.spec.serviceNetwork,
    networkType: config.spec.networkType,
  };
  const errs = validateNetworkConfig(conf);
  if (errs.length) {
    const field = FIELD_OF.find(([re]) => re.test(errs[0]!))?.[1];
    throw new EngineError(
      `the Cluster Network Operator refuses this Network: invalid configuration: [${errs.join(" ")}]`,
      "cluster/invalid",
      lineOf(src, field),
    );
  }
  const operator = scratch.store.get("Network.operator.openshift.io", "", "cluster");
  const operatorSpec = operator?.kind === "Stored" ? operator.body.spec : undefined;
  return {
    clusterNetworks: conf.clusterNetwork,
    serviceCidrs: conf.serviceNetwork,
    networkType: conf.networkType,
    ...(operatorSpec && typeof operatorSpec === "object"
      ? { operatorNetwork: operatorSpec as Record<string, unknown> }
      : {}),
  };
}

/** The profile settings of a ClusterSpec, the install-time Network CR included. */
export function profileSpecOf(spec: ClusterSpec): ProfileSpec {
  const base: ProfileSpec = {
    profile: spec.profile,
    nodes: spec.nodes,
    serviceCidrs: spec.serviceCidrs,
    podCidrs: spec.podCidrs,
    hostPrefix: spec.hostPrefix,
    clusterDomain: spec.clusterDomain,
    nodeResolvConf: spec.nodeResolvConf,
    ipFamily: spec.ipFamily,
    addons: spec.addons,
  };
  if (!spec.network) return base;
  if (spec.profile !== "openshift")
    throw new EngineError(
      "a Network CR configures OpenShift clusters only (cluster openshift { network ... })",
      "cluster/invalid",
      { path: spec.network.path, line: spec.network.line, column: spec.network.column },
    );
  return { ...base, ...installNetwork(spec.network) };
}

/** The CNI profile: the scenario's, else the one OpenShift's network type deploys. */
export function cniOf(
  spec: ClusterSpec,
  profile: BuiltProfile,
  networkType: string | undefined,
): string | undefined {
  if (spec.cni) return spec.cni;
  return profile.info.profile === "openshift" && (networkType ?? "OVNKubernetes") === "OVNKubernetes"
    ? "ovn-kubernetes"
    : undefined;
}
