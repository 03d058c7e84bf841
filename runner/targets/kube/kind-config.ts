/**
 * The kind cluster config a scenario's cluster block asks for (kind.x-k8s.io/v1alpha4): one
 * control-plane node plus workers, pod and service subnets, kube-proxy mode, IP family, and the default
 * CNI disabled when the scenario brings its own.
 */
import type { ClusterSettings } from "../../../dsl/index.js";

export function kindConfig(cluster: ClusterSettings): string {
  const nodes = Math.max(1, cluster.nodes ?? 1);
  const lines = ["kind: Cluster", "apiVersion: kind.x-k8s.io/v1alpha4", "networking:"];
  const family = cluster.ipFamily === "ipv6" ? "ipv6" : cluster.ipFamily === "dual" ? "dual" : undefined;
  if (family) lines.push(`  ipFamily: ${family}`);
  if (cluster.podCidrs?.length) lines.push(`  podSubnet: "${cluster.podCidrs.join(",")}"`);
  if (cluster.serviceCidrs?.length) lines.push(`  serviceSubnet: "${cluster.serviceCidrs.join(",")}"`);
  if (cluster.proxyMode) lines.push(`  kubeProxyMode: "${cluster.proxyMode}"`);
  // A CNI other than kind's own (kindnet) is installed by the scenario's manifests.
  if (cluster.cni && cluster.cni !== "kindnet") lines.push("  disableDefaultCNI: true");
  if (lines.at(-1) === "networking:") lines.pop();
  lines.push("nodes:", "  - role: control-plane");
  for (let i = 1; i < nodes; i++) lines.push("  - role: worker");
  return lines.join("\n") + "\n";
}
