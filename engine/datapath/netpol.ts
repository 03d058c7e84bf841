/**
 * NetworkPolicy (networking.k8s.io/v1) verdicts with reasons, following the API semantics
 * (kubernetes/api networking/v1/types.go) and reference/netpol-semantics.md:
 * - a pod is isolated for a direction iff some policy selecting it lists that policyType;
 * - allowed traffic is the union of every rule of every selecting policy (no deny rules in v1);
 * - a connection needs the source's egress and the destination's ingress to allow it;
 * - a rule with no peers admits all peers, with no ports admits all ports; a peer ANDs its
 *   namespaceSelector and podSelector, peers in a list are ORed; a nil namespaceSelector means the
 *   policy's own namespace, `{}` all namespaces;
 * - named ports resolve on the destination pod per (name, protocol); endPort is inclusive;
 * - ipBlock (with except) matches pod IPs too, as the upstream e2e tests expect.
 */
import {
  selectorMatches,
  type ClusterView,
  type LabelSelector,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type Pod,
  type Protocol,
} from "../cluster/index.js";
import { cidrContains, parseCidr } from "../net/index.js";
import type { CniProfile } from "./cni-profiles.js";
import { PodBits, PodIds } from "./pod-bits.js";

function inCidr(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  return c !== undefined && cidrContains(c, ip);
}

export interface Flow {
  src: Pod;
  dst: Pod;
  /** The destination port after service translation. */
  port: number;
  protocol: Protocol;
}

export interface DirectionVerdict {
  allowed: boolean;
  /** Policies selecting the pod for this direction (`ns/name`); empty = not isolated. */
  policies: string[];
  reason: string;
}

const key = (p: { metadata: { namespace: string; name: string } }) =>
  `${p.metadata.namespace}/${p.metadata.name}`;

function ipOf(pod: Pod): string | undefined {
  return pod.status.podIP;
}

/** Does `peer` (from a rule of `policy`) match pod `other`? */
function peerMatches(
  view: ClusterView,
  policy: NetworkPolicy,
  peer: NetworkPolicyPeer,
  other: Pod,
  profile?: CniProfile,
): boolean {
  if (peer.ipBlock) {
    // A CNI that classifies in-cluster traffic by identity never matches pods with an ipBlock.
    if (profile && !profile.ipBlockMatchesPods && view.pod(other.metadata.namespace, other.metadata.name))
      return false;
    const ip = ipOf(other);
    if (!ip || !inCidr(peer.ipBlock.cidr, ip)) return false;
    return !peer.ipBlock.except.some((c) => inCidr(c, ip));
  }
  // hostNetwork pods are never selected by pod selectors (their traffic is the node's).
  if (other.spec.hostNetwork) return false;
  if (peer.namespaceSelector) {
    const ns = view.namespace(other.metadata.namespace);
    if (!ns || !selectorMatches(peer.namespaceSelector, ns.metadata.labels)) return false;
  } else if (other.metadata.namespace !== policy.metadata.namespace) {
    return false;
  }
  return peer.podSelector ? selectorMatches(peer.podSelector, other.metadata.labels) : true;
}

/** Does a rule's port list admit `port/protocol` on the destination pod? */
function portMatches(
  ports: NetworkPolicyPort[] | undefined,
  dst: Pod,
  port: number,
  protocol: Protocol,
): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") {
      // Named ports resolve on the destination pod, per (name, protocol).
      return dst.spec.containers.some((c) =>
        c.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.containerPort === port),
      );
    }
    const end = p.endPort ?? p.port;
    return port >= p.port && port <= end;
  });
}

function selects(policy: NetworkPolicy, pod: Pod): boolean {
  return (
    !pod.spec.hostNetwork &&
    policy.metadata.namespace === pod.metadata.namespace &&
    selectorMatches(policy.spec.podSelector, pod.metadata.labels)
  );
}

function describeSelector(s: LabelSelector | undefined): string {
  if (!s) return "";
  const parts = [
    ...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...s.matchExpressions.map(
      (e) => `${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(",")})` : ""}`,
    ),
  ];
  return parts.length ? parts.join(",") : "{}";
}

/** Verdict for one direction: ingress judged on `flow.dst`, egress on `flow.src`. */
export function judge(
  view: ClusterView,
  flow: Flow,
  direction: "Ingress" | "Egress",
  profile?: CniProfile,
): DirectionVerdict {
  const subject = direction === "Ingress" ? flow.dst : flow.src;
  const other = direction === "Ingress" ? flow.src : flow.dst;
  const policies = [...view.networkPoliciesIn(subject.metadata.namespace)]
    .filter((p) => p.spec.policyTypes.includes(direction) && selects(p, subject))
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const names = policies.map(key);
  if (policies.length === 0)
    return {
      allowed: true,
      policies: [],
      reason: `no ${direction.toLowerCase()} policy selects ${key(subject)}`,
    };
  // The API reference: traffic from the pod's own node is always allowed in ingress.
  if (
    direction === "Ingress" &&
    flow.src.spec.hostNetwork &&
    flow.src.spec.nodeName === flow.dst.spec.nodeName
  )
    return {
      allowed: true,
      policies: names,
      reason: `traffic from ${key(subject)}'s own node is always allowed`,
    };
  for (const policy of policies) {
    const rules = (direction === "Ingress" ? policy.spec.ingress : policy.spec.egress) ?? [];
    for (const [i, rule] of rules.entries()) {
      const peerOk =
        !rule.peers ||
        rule.peers.length === 0 ||
        rule.peers.some((peer) => peerMatches(view, policy, peer, other, profile));
      if (peerOk && portMatches(rule.ports, flow.dst, flow.port, flow.protocol)) {
        return {
          allowed: true,
          policies: names,
          reason: `policy ${key(policy)} ${direction.toLowerCase()} rule ${i + 1} admits ${key(other)} on ${flow.port}/${flow.protocol}`,
        };
      }
    }
  }
  const selectors = policies
    .map((p) => `${key(p)} (podSelector ${describeSelector(p.spec.podSelector)})`)
    .join(", ");
  return {
    allowed: false,
    policies: names,
    reason: `${direction === "Ingress" ? "ingress to" : "egress from"} ${key(subject)} is isolated by ${selectors} and no rule admits ${key(other)} on ${flow.port}/${flow.protocol}`,
  };
}

/**
 * The same verdicts as judge(), without reasons, for whole truth tables: the policies selecting each
 * pod and whether each non-ipBlock peer matches a pod are computed once per pod asked about (a byte
 * per pod and peer, pod-bits.ts), so a pair costs a few lookups instead of selector evaluations. Reasons for a cell come from judge() on demand.
 */
export class PolicyIndex {
  // Keyed by the objects themselves: a view hands out one object per pod, and identity lookups avoid
  // building a `ns/name` string for every one of millions of pairs.
  private readonly selecting = new Map<Pod, { Ingress: NetworkPolicy[]; Egress: NetworkPolicy[] }>();
  private readonly peerSets = new Map<NetworkPolicyPeer, PodBits>();
  private readonly ids: PodIds;

  constructor(
    private readonly view: ClusterView,
    private readonly profile?: CniProfile,
  ) {
    this.ids = new PodIds(view);
  }

  private policiesOf(pod: Pod): { Ingress: NetworkPolicy[]; Egress: NetworkPolicy[] } {
    let s = this.selecting.get(pod);
    if (!s) {
      s = { Ingress: [], Egress: [] };
      for (const p of this.view.networkPoliciesIn(pod.metadata.namespace)) {
        if (!selects(p, pod)) continue;
        if (p.spec.policyTypes.includes("Ingress")) s.Ingress.push(p);
        if (p.spec.policyTypes.includes("Egress")) s.Egress.push(p);
      }
      this.selecting.set(pod, s);
    }
    return s;
  }

  private peerMatches(policy: NetworkPolicy, peer: NetworkPolicyPeer, other: Pod): boolean {
    if (peer.ipBlock) return peerMatches(this.view, policy, peer, other, this.profile);
    let set = this.peerSets.get(peer);
    if (!set) {
      set = new PodBits(this.ids, (p) => peerMatches(this.view, policy, peer, p));
      this.peerSets.set(peer, set);
    }
    return set.has(other);
  }

  /** Whether some NetworkPolicy selects `pod` for `direction` (it is isolated for it). */
  isolates(pod: Pod, direction: "Ingress" | "Egress"): boolean {
    return this.policiesOf(pod)[direction].length > 0;
  }

  /** judge(view, flow, direction).allowed, computed through the index. */
  allows(flow: Flow, direction: "Ingress" | "Egress"): boolean {
    const subject = direction === "Ingress" ? flow.dst : flow.src;
    const other = direction === "Ingress" ? flow.src : flow.dst;
    const policies = this.policiesOf(subject)[direction];
    if (policies.length === 0) return true;
    if (
      direction === "Ingress" &&
      flow.src.spec.hostNetwork &&
      flow.src.spec.nodeName === flow.dst.spec.nodeName
    )
      return true;
    for (const policy of policies) {
      const rules = (direction === "Ingress" ? policy.spec.ingress : policy.spec.egress) ?? [];
      for (const rule of rules) {
        const peerOk =
          !rule.peers ||
          rule.peers.length === 0 ||
          rule.peers.some((peer) => this.peerMatches(policy, peer, other));
        if (peerOk && portMatches(rule.ports, flow.dst, flow.port, flow.protocol)) return true;
      }
    }
    return false;
  }
}
