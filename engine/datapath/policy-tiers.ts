/**
 * One direction of a connection through every policy tier, in the order network-policy-api
 * documents (site-src/api-overview.md "Tiers"): AdminNetworkPolicy (Allow/Deny final, Pass hands
 * on), then NetworkPolicy (netpol.ts), then — only where no NetworkPolicy isolates the pod for that
 * direction — the BaselineAdminNetworkPolicy `default`, then the default allow. `judgeTiers` gives
 * the reasoned verdict; `TieredIndex` the same booleans for whole truth tables from caches.
 */
import type { AdminNetworkPolicy, AdminPolicyPeer, ClusterView, Pod } from "../cluster/index.js";
import {
  adminPolicyOrder,
  decideAdmin,
  decideBaseline,
  decisionName,
  describeDecision,
  type AdminDecision,
  type AdminMatchers,
  type Direction,
} from "./admin-policy.js";
import { peerMatches, subjectSelects } from "./admin-policy-peers.js";
import { requireAdminSupport } from "./admin-policy-support.js";
import type { CniProfile } from "./cni-profiles.js";
import { judge, PolicyIndex, type DirectionVerdict, type Flow } from "./netpol.js";

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
  const admin = decideAdmin(adminPolicyOrder(view), flow, direction, m);
  if (admin && admin.action !== "Pass") return decided(admin, flow, direction);
  const np = judge(view, flow, direction, profile);
  const passed = admin ? `${describeDecision(admin, flow, direction)}; ` : "";
  if (np.policies.length) return { ...np, reason: passed + np.reason };
  const base = decideBaseline(view.baselineAdminNetworkPolicy(), flow, direction, m);
  if (base) {
    const v = decided(base, flow, direction);
    return { ...v, reason: passed + v.reason };
  }
  return { ...np, reason: passed + np.reason };
}

/**
 * judgeTiers(...).allowed for truth tables: the ANPs applying to each pod per direction and the pods
 * each pod peer matches are computed once, so a pair costs set lookups; NetworkPolicy goes through
 * its own PolicyIndex. The profile's support is checked once, at construction.
 */
export class TieredIndex {
  private readonly netpol: PolicyIndex;
  private readonly order: AdminNetworkPolicy[];
  private readonly applying = new Map<Pod, { Ingress: AdminNetworkPolicy[]; Egress: AdminNetworkPolicy[] }>();
  private readonly peerSets = new Map<AdminPolicyPeer, Set<Pod>>();
  private readonly banpSubjects = new Map<Pod, boolean>();
  private readonly matchers: AdminMatchers;

  constructor(
    private readonly view: ClusterView,
    profile: CniProfile,
  ) {
    requireAdminSupport(view, profile);
    this.netpol = new PolicyIndex(view, profile);
    this.order = adminPolicyOrder(view);
    this.matchers = {
      subject: (p, s, pod) => {
        if (p.kind === "AdminNetworkPolicy") return true; // applyingTo() already filtered by subject
        let v = this.banpSubjects.get(pod);
        if (v === undefined) this.banpSubjects.set(pod, (v = subjectSelects(view, s, pod)));
        return v;
      },
      peer: (peer, other) => this.peerHas(peer, other),
    };
  }

  private peerHas(peer: AdminPolicyPeer, other: Pod): boolean {
    // CIDR and node peers look at the address alone; pod peers are cached as sets of pods.
    if ("networks" in peer || "nodes" in peer || "domainNames" in peer)
      return peerMatches(this.view, peer, other);
    let set = this.peerSets.get(peer);
    if (!set) {
      set = new Set();
      for (const p of this.view.pods()) if (peerMatches(this.view, peer, p)) set.add(p);
      this.peerSets.set(peer, set);
    }
    return set.has(other);
  }

  private applyingTo(pod: Pod) {
    let a = this.applying.get(pod);
    if (!a) {
      a = { Ingress: [], Egress: [] };
      for (const p of this.order) {
        if (!subjectSelects(this.view, p.spec.subject, pod)) continue;
        if (p.spec.ingress.length) a.Ingress.push(p);
        if (p.spec.egress.length) a.Egress.push(p);
      }
      this.applying.set(pod, a);
    }
    return a;
  }

  allows(flow: Flow, direction: Direction): boolean {
    const subject = direction === "Ingress" ? flow.dst : flow.src;
    const policies = this.order.length ? this.applyingTo(subject)[direction] : [];
    const admin = policies.length ? decideAdmin(policies, flow, direction, this.matchers) : undefined;
    if (admin && admin.action !== "Pass") return admin.action === "Allow";
    if (this.netpol.isolates(subject, direction)) return this.netpol.allows(flow, direction);
    const base = decideBaseline(this.view.baselineAdminNetworkPolicy(), flow, direction, this.matchers);
    return base ? base.action === "Allow" : true;
  }
}
