/**
 * One direction of a connection through every policy tier, in the order network-policy-api
 * documents (site-src/api-overview.md "Tiers"): AdminNetworkPolicy (Allow/Deny final, Pass hands
 * on), then NetworkPolicy (netpol.ts), then — only where no NetworkPolicy isolates the pod for that
 * direction — the BaselineAdminNetworkPolicy `default`, then the default allow. `judgeTiers` gives
 * the reasoned verdict; `TieredIndex` the same booleans for whole truth tables from caches.
 */
import type {
  AdminNetworkPolicy,
  AdminPolicyPeer,
  AdminPolicyRule,
  BaselineAdminNetworkPolicy,
  ClusterView,
  Pod,
} from "../cluster/index.js";
import {
  decideAdmin,
  decideBaseline,
  decisionName,
  describeDecision,
  type AdminDecision,
  type AdminMatchers,
  type Direction,
} from "./admin-policy.js";
import { peerMatches, portsMatch, subjectSelects } from "./admin-policy-peers.js";
import { enforcedAdminPolicies, ignoredAdminPolicies, requireAdminSupport } from "./admin-policy-support.js";
import type { CniProfile } from "./cni-profiles.js";
import { judge, PolicyIndex, type DirectionVerdict, type Flow } from "./netpol.js";
import { PodBits, PodIds } from "./pod-bits.js";

function direct(view: ClusterView): AdminMatchers {
  return {
    subject: (_p, s, pod) => subjectSelects(view, s, pod),
    peer: (peer, other) => peerMatches(view, peer, other),
  };
}

function decided(d: AdminDecision, flow: Flow, direction: Direction): DirectionVerdict {
  return {
    allowed: d.action === "Allow",
    policies: [decisionName(d)],
    reason: describeDecision(d, flow, direction),
  };
}

/** The verdict of every tier for one direction, with the deciding policy's reason. */
export function judgeTiers(
  view: ClusterView,
  flow: Flow,
  direction: Direction,
  profile: CniProfile,
): DirectionVerdict {
  requireAdminSupport(view, profile);
  const m = direct(view);
  const admin = decideAdmin(enforcedAdminPolicies(view, profile), flow, direction, m);
  if (admin && admin.action !== "Pass") return decided(admin, flow, direction);
  const np = judge(view, flow, direction, profile);
  const ignored = ignoredAdminPolicies(view, profile);
  const passed =
    (ignored ? `${ignored}; ` : "") + (admin ? `${describeDecision(admin, flow, direction)}; ` : "");
  if (np.policies.length) return { ...np, reason: passed + np.reason };
  const base = decideBaseline(view.baselineAdminNetworkPolicy(), flow, direction, m);
  if (base) {
    const v = decided(base, flow, direction);
    return { ...v, reason: passed + v.reason };
  }
  return { ...np, reason: passed + np.reason };
}

/** One ANP rule as the index checks it: the pods its pod peers match (memoized), then the rule. */
interface IndexedRule {
  pods: PodBits;
  /** Peers judged by address (networks, nodes, domainNames); empty for most rules. */
  byAddress: AdminPolicyPeer[];
  rule: AdminPolicyRule;
}

const BY_ADDRESS = (p: AdminPolicyPeer) => "networks" in p || "nodes" in p || "domainNames" in p;

/**
 * judgeTiers(...).allowed for truth tables: the ANP rules applying to each pod per direction are
 * flattened in evaluation order with whether each rule's pod peers match a pod computed once per pod
 * asked about, so a pair costs a byte lookup per applying rule; NetworkPolicy goes through its own
 * PolicyIndex. The profile's support is checked once, at construction. A property test holds it to judgeTiers().
 */
export class TieredIndex {
  private readonly netpol: PolicyIndex;
  private readonly order: AdminNetworkPolicy[];
  private readonly applying = new Map<Pod, { Ingress: IndexedRule[]; Egress: IndexedRule[] }>();
  private readonly ruleSets = new Map<AdminPolicyRule, IndexedRule>();
  private readonly banp: BaselineAdminNetworkPolicy | undefined;
  private readonly banpRules: { Ingress: IndexedRule[]; Egress: IndexedRule[] } = { Ingress: [], Egress: [] };
  private readonly banpSubjects = new Map<Pod, boolean>();
  private readonly ids: PodIds;

  constructor(
    private readonly view: ClusterView,
    profile: CniProfile,
  ) {
    requireAdminSupport(view, profile);
    this.ids = new PodIds(view);
    this.netpol = new PolicyIndex(view, profile);
    this.order = enforcedAdminPolicies(view, profile);
    this.banp = view.baselineAdminNetworkPolicy();
    if (this.banp) {
      this.banpRules.Ingress = this.banp.spec.ingress.map((r) => this.indexed(r));
      this.banpRules.Egress = this.banp.spec.egress.map((r) => this.indexed(r));
    }
  }

  private indexed(rule: AdminPolicyRule): IndexedRule {
    let r = this.ruleSets.get(rule);
    if (!r) {
      const podPeers = rule.peers.filter((p) => !BY_ADDRESS(p));
      const pods = new PodBits(this.ids, (p) => podPeers.some((peer) => peerMatches(this.view, peer, p)));
      r = { pods, byAddress: rule.peers.filter(BY_ADDRESS), rule };
      this.ruleSets.set(rule, r);
    }
    return r;
  }

  private applyingTo(pod: Pod) {
    let a = this.applying.get(pod);
    if (!a) {
      a = { Ingress: [], Egress: [] };
      for (const p of this.order) {
        if (!subjectSelects(this.view, p.spec.subject, pod)) continue;
        for (const r of p.spec.ingress) a.Ingress.push(this.indexed(r));
        for (const r of p.spec.egress) a.Egress.push(this.indexed(r));
      }
      this.applying.set(pod, a);
    }
    return a;
  }

  /** The action of the first matching rule, or undefined. */
  private first(rules: IndexedRule[], flow: Flow, other: Pod): AdminPolicyRule["action"] | undefined {
    for (const r of rules)
      if (
        (r.pods.has(other) ||
          (r.byAddress.length > 0 && r.byAddress.some((p) => peerMatches(this.view, p, other)))) &&
        portsMatch(r.rule.ports, flow.dst, flow.port, flow.protocol)
      )
        return r.rule.action;
    return undefined;
  }

  allows(flow: Flow, direction: Direction): boolean {
    const ingress = direction === "Ingress";
    const subject = ingress ? flow.dst : flow.src;
    const other = ingress ? flow.src : flow.dst;
    // A pod reaching its own pod IP is outside the admin tiers (admin-policy.ts selfTraffic).
    const self = flow.src === flow.dst;
    if (this.order.length && !self) {
      const action = this.first(this.applyingTo(subject)[direction], flow, other);
      if (action === "Allow" || action === "Deny") return action === "Allow";
    }
    if (!this.banp || self || this.netpol.isolates(subject, direction))
      return this.netpol.allows(flow, direction);
    let selected = this.banpSubjects.get(subject);
    if (selected === undefined)
      this.banpSubjects.set(subject, (selected = subjectSelects(this.view, this.banp.spec.subject, subject)));
    const action = selected ? this.first(this.banpRules[direction], flow, other) : undefined;
    return action === undefined ? true : action === "Allow";
  }
}
