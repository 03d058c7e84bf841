/**
 * What an AdminNetworkPolicy or BaselineAdminNetworkPolicy subject, peer and port selects, from the
 * v1alpha1 API documentation (network-policy-api v0.1.7 apis/v1alpha1 shared_types.go,
 * adminnetworkpolicy_types.go):
 * - subjects and the `namespaces`/`pods` peers never include host-networked pods;
 * - `nodes` (egress) selects the addresses in a matching node's status.addresses;
 * - `networks` (egress) are CIDRs checked against every destination, pods included ("if you Allow or
 *   Deny traffic to 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well");
 * - `domainNames` (ANP egress, experimental) names FQDNs, which the reference does not resolve here;
 * - ports: portNumber and portRange carry their protocol; a namedPort resolves on the destination pod
 *   (the subject for ingress), matching the protocol of the container port of that name.
 */
import {
  selectorMatches,
  type AdminPolicyPeer,
  type AdminPolicyPort,
  type AdminPolicySubject,
  type ClusterView,
  type LabelSelector,
  type Pod,
  type Protocol,
} from "../cluster/index.js";
import { cidrContains, parseCidr } from "../net/index.js";

/** A real pod of an existing namespace (not a node or outside source shaped as a pod). */
function namespaceOf(view: ClusterView, pod: Pod) {
  if (pod.spec.hostNetwork) return undefined;
  return view.namespace(pod.metadata.namespace);
}

/** Does a subject (AdminNetworkPolicySubject) select `pod`? */
export function subjectSelects(view: ClusterView, subject: AdminPolicySubject, pod: Pod): boolean {
  const ns = namespaceOf(view, pod);
  if (!ns || !view.pod(pod.metadata.namespace, pod.metadata.name)) return false;
  if ("namespaces" in subject) return selectorMatches(subject.namespaces, ns.metadata.labels);
  return (
    selectorMatches(subject.pods.namespaceSelector, ns.metadata.labels) &&
    selectorMatches(subject.pods.podSelector, pod.metadata.labels)
  );
}

function inNetworks(networks: string[], ip: string | undefined): boolean {
  if (!ip) return false;
  return networks.some((n) => {
    const c = parseCidr(n);
    return c !== undefined && cidrContains(c, ip);
  });
}

/** Is `ip` an address of a node whose labels `selector` matches? */
function isNodeAddress(view: ClusterView, selector: LabelSelector, ip: string): boolean {
  for (const node of view.nodes())
    if (
      selectorMatches(selector, node.metadata.labels) &&
      node.status.addresses.some((a) => a.address === ip)
    )
      return true;
  return false;
}

/** Does `peer` match `other` (the source for ingress rules, the destination for egress rules)? */
export function peerMatches(view: ClusterView, peer: AdminPolicyPeer, other: Pod): boolean {
  if ("networks" in peer) return inNetworks(peer.networks, other.status.podIP);
  if ("nodes" in peer)
    return other.status.podIP !== undefined && isNodeAddress(view, peer.nodes, other.status.podIP);
  if ("domainNames" in peer) return false;
  const ns = namespaceOf(view, other);
  if (!ns || !view.pod(other.metadata.namespace, other.metadata.name)) return false;
  if ("namespaces" in peer) return selectorMatches(peer.namespaces, ns.metadata.labels);
  return (
    selectorMatches(peer.pods.namespaceSelector, ns.metadata.labels) &&
    selectorMatches(peer.pods.podSelector, other.metadata.labels)
  );
}

/** Does a rule's port list admit `port/protocol` on `dst`? Absent = every port. */
export function portsMatch(
  ports: AdminPolicyPort[] | undefined,
  dst: Pod,
  port: number,
  protocol: Protocol,
): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if ("portNumber" in p) return p.portNumber.protocol === protocol && p.portNumber.port === port;
    if ("portRange" in p)
      return p.portRange.protocol === protocol && port >= p.portRange.start && port <= p.portRange.end;
    return dst.spec.containers.some((c) =>
      c.ports.some((cp) => cp.name === p.namedPort && cp.protocol === protocol && cp.containerPort === port),
    );
  });
}

/** The peer kinds a rule list uses (for the CNI profile's feature statement). */
export function peerKinds(peers: AdminPolicyPeer[]): string[] {
  return peers.map((p) => Object.keys(p)[0]!);
}
