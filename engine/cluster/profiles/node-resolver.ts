/**
 * OpenShift's dns-node-resolver (dns-behaviour.md §12.2): every node's /etc/hosts gets
 * `IP image-registry.openshift-image-registry.svc image-registry.openshift-image-registry.svc.<domain>`
 * lines tagged `# openshift-generated-node-resolver` for each cluster IP of the registry service, when
 * that service exists. The resolver resolves through the DNS service; in the model the answer is the
 * service's cluster IPs, which is what a healthy CoreDNS returns.
 */
import type { ClusterView } from "../view.js";

export interface NodeHostsLine {
  ip: string;
  names: string[];
  comment: string;
}

export function openshiftNodeResolverHosts(view: ClusterView): NodeHostsLine[] {
  if (view.info.profile !== "openshift") return [];
  const svc = view.service("openshift-image-registry", "image-registry");
  if (!svc) return [];
  const name = "image-registry.openshift-image-registry.svc";
  return svc.spec.clusterIPs
    .filter((ip) => ip !== "None")
    .map((ip) => ({
      ip,
      names: [name, `${name}.${view.info.domain}`],
      comment: "openshift-generated-node-resolver",
    }));
}
