/**
 * The AdminNetworkPolicy and BaselineAdminNetworkPolicy tiers of one direction of a connection, as
 * the v1alpha1 API documents them (network-policy-api v0.1.7 adminnetworkpolicy_types.go,
 * baselineadminnetworkpolicy_types.go):
 * - ANPs are checked in priority order, lower values first. Two policies with the same priority
 *   that both match are documented as ambiguous ("the implementation can apply any of the matching
 *   policies"); the reference breaks the tie by name (code-point order) so verdicts are deterministic;
 * - inside a policy the rules are checked in the order written; the first rule whose peers and ports
 *   match decides: Allow and Deny are final, Pass skips every remaining ANP rule and hands the
 *   connection to NetworkPolicy (then to the baseline when no NetworkPolicy isolates the pod);
 * - a policy without rules for a direction does not affect that direction;
 * - the BaselineAdminNetworkPolicy `default` (Allow and Deny only) applies where no NetworkPolicy
 *   isolates the pod for that direction.
 * Ingress judges the destination's subject membership and matches the source against `from`; egress
 * judges the source and matches the destination against `to`.
 */
import type {
  AdminNetworkPolicy,
  AdminPolicyAction,
  AdminPolicyPeer,
  AdminPolicyRule,
  AdminPolicySubject,
  BaselineAdminNetworkPolicy,
  ClusterView,
  Pod,
} from "../cluster/index.js";
import { portsMatch } from "./admin-policy-peers.js";
import type { Flow } from "./netpol.js";
import { key } from "./peers.js";

export type Direction = "Ingress" | "Egress";

/** The rule that decided a tier, for reasons and hops. */
export interface AdminDecision {
  kind: "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";
  policy: string;
  /** 1-based, as reasons count rules. */
  rule: number;
  ruleName?: string;
  priority?: number;
  action: AdminPolicyAction;
}

/** Peer and subject tests, injectable so the truth-table index can answer them from caches. */
export interface AdminMatchers {
  subject(
    policy: AdminNetworkPolicy | BaselineAdminNetworkPolicy,
    subject: AdminPolicySubject,
    pod: Pod,
  ): boolean;
  peer(peer: AdminPolicyPeer, other: Pod): boolean;
}

/** The ANPs in evaluation order: priority, then name (the reference's documented tie-break). */
export function adminPolicyOrder(view: ClusterView): AdminNetworkPolicy[] {
  return [...view.adminNetworkPolicies()].sort(
    (a, b) =>
      a.spec.priority - b.spec.priority ||
      (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0),
  );
}

function firstRule(
  rules: AdminPolicyRule[],
  flow: Flow,
  other: Pod,
  m: AdminMatchers,
): { index: number; rule: AdminPolicyRule } | undefined {
  for (const [index, rule] of rules.entries())
    if (
      rule.peers.some((p) => m.peer(p, other)) &&
      portsMatch(rule.ports, flow.dst, flow.port, flow.protocol)
    )
      return { index, rule };
  return undefined;
}

const ends = (flow: Flow, direction: Direction) =>
  direction === "Ingress" ? { subject: flow.dst, other: flow.src } : { subject: flow.src, other: flow.dst };

/**
 * A pod connecting to its own pod IP is not subject to these policies: they are enforced outside
 * the pod's network namespace (network-policy-api site-src/api-overview.md, "hairpin" traffic).
 */
const selfTraffic = (flow: Flow) => flow.src === flow.dst;

/** The deciding ANP rule for one direction (Allow, Deny or Pass), or undefined when none matches. */
export function decideAdmin(
  policies: readonly AdminNetworkPolicy[],
  flow: Flow,
  direction: Direction,
  m: AdminMatchers,
): AdminDecision | undefined {
  if (selfTraffic(flow)) return undefined;
  const { subject, other } = ends(flow, direction);
  for (const p of policies) {
    const rules = direction === "Ingress" ? p.spec.ingress : p.spec.egress;
    if (rules.length === 0 || !m.subject(p, p.spec.subject, subject)) continue;
    const hit = firstRule(rules, flow, other, m);
    if (hit)
      return {
        kind: "AdminNetworkPolicy",
        policy: p.metadata.name,
        rule: hit.index + 1,
        ruleName: hit.rule.name,
        priority: p.spec.priority,
        action: hit.rule.action,
      };
  }
  return undefined;
}

/** The deciding baseline rule (Allow or Deny), or undefined. */
export function decideBaseline(
  banp: BaselineAdminNetworkPolicy | undefined,
  flow: Flow,
  direction: Direction,
  m: AdminMatchers,
): AdminDecision | undefined {
  if (!banp || selfTraffic(flow)) return undefined;
  const { subject, other } = ends(flow, direction);
  const rules = direction === "Ingress" ? banp.spec.ingress : banp.spec.egress;
  if (rules.length === 0 || !m.subject(banp, banp.spec.subject, subject)) return undefined;
  const hit = firstRule(rules, flow, other, m);
  return hit
    ? {
        kind: "BaselineAdminNetworkPolicy",
        policy: banp.metadata.name,
        rule: hit.index + 1,
        ruleName: hit.rule.name,
        action: hit.rule.action,
      }
    : undefined;
}

/**
 * `AdminNetworkPolicy "deny-to-sensitive" rule 2 (priority 10): Deny ingress to x/a from y/b on
 * 80/TCP (rule "deny-from-y")`: the policy, rule and action first, as NetworkPolicy reasons name
 * their policy and rule.
 */
export function describeDecision(d: AdminDecision, flow: Flow, direction: Direction): string {
  const { subject, other } = ends(flow, direction);
  const where =
    direction === "Ingress"
      ? `ingress to ${key(subject)} from ${key(other)}`
      : `egress from ${key(subject)} to ${key(other)}`;
  const priority = d.priority === undefined ? "" : ` (priority ${d.priority})`;
  const name = d.ruleName ? ` (rule "${d.ruleName}")` : "";
  const pass = d.action === "Pass" ? "; passed to NetworkPolicy" : "";
  return `${d.kind} "${d.policy}" rule ${d.rule}${priority}: ${d.action} ${where} on ${flow.port}/${flow.protocol}${name}${pass}`;
}

/** The hop name of a decision: `AdminNetworkPolicy/deny-to-sensitive`. */
export const decisionName = (d: AdminDecision): string => `${d.kind}/${d.policy}`;
