/**
 * Equivalence classes of truth-table pods: pods that no policy input tells apart get one class, so a
 * table judges one representative pair per pair of classes instead of every pair of pods. Two pods
 * share a class when everything the tier evaluators (netpol.ts, admin-policy*.ts, policy-tiers.ts)
 * read of a pod is equal:
 * - the namespace (policies select pods of their own namespace; a nil namespaceSelector compares
 *   namespace names; namespace labels follow from the name) and the pod's labels;
 * - hostNetwork, and the node when some table pod is host-networked (ingress from a pod's own node
 *   is always allowed);
 * - which ipBlock/except and ANP `networks` CIDRs hold the pod IP, and which nodes own it when an ANP
 *   has a `nodes` peer;
 * - the container ports (named ports resolve on the destination, per name and protocol).
 * Identity matters only on the diagonal (a pod reaching itself), which the table judges per pod.
 * A property test (reach-classes.property.test.ts) holds tables built this way to per-pair judging.
 */
import type { AdminPolicyPeer, ClusterView, Pod } from "../cluster/index.js";
import { cidrContains, parseCidr } from "../net/index.js";

export interface PodClasses {
  /** The class of each table pod, by its index in the table. */
  classOf: Int32Array;
  /** One member per class. */
  reps: Pod[];
  /** A second member per class (judges pairs of distinct pods inside it), when there is one. */
  seconds: (Pod | undefined)[];
}

function adminPeers(view: ClusterView): AdminPolicyPeer[] {
  const banp = view.baselineAdminNetworkPolicy();
  const policies = [...view.adminNetworkPolicies(), ...(banp ? [banp] : [])];
  return policies.flatMap((p) => [...p.spec.ingress, ...p.spec.egress].flatMap((r) => r.peers));
}

/** Every CIDR a policy compares pod IPs against. */
function policyCidrs(view: ClusterView, peers: AdminPolicyPeer[]): string[] {
  const cidrs = new Set<string>();
  for (const np of view.networkPolicies())
    for (const rule of [...(np.spec.ingress ?? []), ...(np.spec.egress ?? [])])
      for (const peer of rule.peers ?? [])
        if (peer.ipBlock) for (const c of [peer.ipBlock.cidr, ...peer.ipBlock.except]) cidrs.add(c);
  for (const peer of peers) if ("networks" in peer) for (const c of peer.networks) cidrs.add(c);
  return [...cidrs];
}

/** What distinguishes a pod's address: membership of each CIDR, and the nodes owning it. */
function addressKey(view: ClusterView, peers: AdminPolicyPeer[]): (ip: string | undefined) => string {
  const cidrs = policyCidrs(view, peers).map((c) => parseCidr(c));
  const byNode = peers.some((p) => "nodes" in p);
  const nodes = byNode ? [...view.nodes()] : [];
  const cache = new Map<string, string>();
  return (ip) => {
    if (ip === undefined) return "-";
    let k = cache.get(ip);
    if (k === undefined) {
      k = cidrs.map((c) => (c !== undefined && cidrContains(c, ip) ? "1" : "0")).join("");
      if (byNode)
        k += `@${nodes.filter((n) => n.status.addresses.some((a) => a.address === ip)).map((n) => n.metadata.name)}`;
      cache.set(ip, k);
    }
    return k;
  };
}

/** Groups table pods into classes no policy input tells apart. */
export function podClasses(view: ClusterView, pods: readonly Pod[]): PodClasses {
  const address = addressKey(view, adminPeers(view));
  const withNode = pods.some((p) => p.spec.hostNetwork);
  const ids = new Map<string, number>();
  const classOf = new Int32Array(pods.length);
  const reps: Pod[] = [];
  const seconds: (Pod | undefined)[] = [];
  pods.forEach((pod, i) => {
    const signature = JSON.stringify([
      pod.metadata.namespace,
      Object.entries(pod.metadata.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      pod.spec.hostNetwork === true,
      withNode ? (pod.spec.nodeName ?? null) : null,
      address(pod.status.podIP),
      pod.spec.containers.map((c) => c.ports.map((p) => [p.name ?? null, p.protocol, p.containerPort])),
    ]);
    let id = ids.get(signature);
    if (id === undefined) {
      ids.set(signature, (id = reps.length));
      reps.push(pod);
      seconds.push(undefined);
    } else if (seconds[id] === undefined && pod !== reps[id]) seconds[id] = pod;
    classOf[i] = id;
  });
  return { classOf, reps, seconds };
}
