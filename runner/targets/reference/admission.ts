/**
 * The engine's admission offline (engine admitManifests), for `netspec apply --dry-run` and
 * `difftest --admission`, and the engine cluster spec of a suite's cluster block, which the
 * reference target builds its engines from too.
 */
import { admitManifests, type AdmissionReport, type ClusterSpec } from "../../../engine/index.js";
import type { ClusterSettings, ManifestText } from "../../../dsl/index.js";

export type { AdmissionReport };

/**
 * Every object admitted in order into a fresh cluster of these settings, sources marked dryRun
 * admitted as a server-side dry run; each document's admitted object or refusal with located
 * diagnostics.
 */
export function referenceAdmission(
  cluster: ClusterSettings,
  sources: (ManifestText & { dryRun?: boolean; keep?: boolean })[],
  seed = 1,
): AdmissionReport {
  return admitManifests(sources, { cluster: clusterSpec(cluster), seed });
}

/** The engine's cluster spec of a suite's cluster block. */
export function clusterSpec(c: ClusterSettings): ClusterSpec {
  return {
    profile: c.profile,
    nodes: c.nodes,
    serviceCidrs: c.serviceCidrs,
    podCidrs: c.podCidrs,
    hostPrefix: c.hostPrefix,
    clusterDomain: c.clusterDomain,
    corefile: c.corefile,
    network: c.network,
    dnsPolicy: c.dnsPolicy,
    resolver: c.resolver,
    proxyMode: c.proxyMode,
    cni: c.cni,
    ipFamily: c.ipFamily,
    nodeResolvConf: c.nodeResolvConf,
    extra: c.extra,
    kubernetesVersion: c.kubernetesVersion,
  };
}
