/**
 * Which AdminNetworkPolicy features each CNI profile's implementation enforces, from
 * network-policy-api site-src/implementations.md ("AdminNetworkPolicy and
 * BaseLineAdminNetworkPolicy (v1alpha1)") and conformance/reports/ (only OVN-Kubernetes has
 * published one: v0.1.2, core AdminNetworkPolicy 7/7 and BaselineAdminNetworkPolicy 7/7). The
 * standard channel is the subject, the namespaces/pods peers, the networks peer, portNumber and
 * portRange; namedPort, nodes and domainNames are experimental. A profile that is not listed here
 * does not implement the API: a connection its policies would judge is not modelled (the test is
 * skipped with the reason), never silently allowed.
 */
import type { AdminNetworkPolicy, ClusterView } from "../cluster/index.js";
import { adminPolicyOrder } from "./admin-policy.js";
import { peerKinds } from "./admin-policy-peers.js";
import type { CniProfile } from "./cni-profiles.js";
import { DatapathError } from "./path-context.js";

export type AdminPolicyFeature = "namedPort" | "nodes" | "networks" | "domainNames";

export interface AdminPolicySupport {
  /** Experimental or extended features enforced beyond the core (namespaces, pods, ports, ranges). */
  features: AdminPolicyFeature[];
  /** The highest priority enforced (the API allows 0–1000); policies above it are not applied. */
  maxPriority: number;
  cite: string;
}

const IMPLEMENTATIONS = "network-policy-api site-src/implementations.md";

const SUPPORT: Record<string, AdminPolicySupport> = {
  // The reference models the whole v1alpha1 API except FQDN peers (no DNS-driven egress here).
  reference: {
    features: ["namedPort", "nodes", "networks"],
    maxPriority: 1000,
    cite: "network-policy-api v0.1.7 apis/v1alpha1",
  },
  "ovn-kubernetes": {
    features: ["namedPort", "nodes", "networks"],
    // "99 (the largest number supported by OVN-Kubernetes)"; a higher one is reported with an
    // ANPWithUnsupportedPriority event and is not applied.
    maxPriority: 99,
    cite: `${IMPLEMENTATIONS} ("standard fields of the API + Nodes/Networks in Experimental"); conformance/reports/v0.1.2/ovn-kubernetes.yaml; ovn-kubernetes docs/features/network-security-controls/admin-network-policy.md (namedPort ACLs per protocol; priority 0-99)`,
  },
  antrea: {
    features: ["networks"],
    maxPriority: 1000,
    cite: `${IMPLEMENTATIONS} ("Has implemented standard fields of the API")`,
  },
  calico: {
    features: ["networks"],
    maxPriority: 1000,
    cite: `${IMPLEMENTATIONS} ("standard fields of the API + Networks peer in experimental", Calico v3.29-v3.31)`,
  },
};

/** The ANPs the profile's implementation applies, in evaluation order (admin-policy.ts). */
export function enforcedAdminPolicies(view: ClusterView, profile: CniProfile): AdminNetworkPolicy[] {
  const max = adminPolicySupport(profile)?.maxPriority ?? 1000;
  return adminPolicyOrder(view).filter((p) => p.spec.priority <= max);
}

/** Why ANPs of the cluster are not applied by the profile's implementation ("" when all are). */
export function ignoredAdminPolicies(view: ClusterView, profile: CniProfile): string {
  const max = adminPolicySupport(profile)?.maxPriority ?? 1000;
  const ignored = adminPolicyOrder(view).filter((p) => p.spec.priority > max);
  if (!ignored.length) return "";
  const names = ignored.map((p) => `"${p.metadata.name}" (priority ${p.spec.priority})`).join(", ");
  return `${profile.name} does not apply AdminNetworkPolicy ${names}: priorities above ${max} are unsupported`;
}

/** The profile's support statement, or undefined when its implementation has none. */
export function adminPolicySupport(profile: CniProfile): AdminPolicySupport | undefined {
  return SUPPORT[profile.name];
}

function unsupported(profile: CniProfile, what: string, why: string): never {
  throw new DatapathError(`${what} is not modelled by the ${profile.name} profile: ${why}`);
}

/**
 * Throws (as "not modelled", so the test is skipped with this reason) when the cluster holds admin
 * policies the profile's implementation would not enforce, or uses a feature it does not have.
 */
export function requireAdminSupport(view: ClusterView, profile: CniProfile): void {
  const anps = [...view.adminNetworkPolicies()];
  const banp = view.baselineAdminNetworkPolicy();
  if (anps.length === 0 && !banp) return;
  const support = adminPolicySupport(profile);
  if (!support)
    unsupported(
      profile,
      anps.length ? "AdminNetworkPolicy" : "BaselineAdminNetworkPolicy",
      `${profile.name} does not implement policy.networking.k8s.io (${IMPLEMENTATIONS})`,
    );
  for (const p of [...anps, ...(banp ? [banp] : [])]) {
    const rules = [...p.spec.ingress, ...p.spec.egress];
    const used = new Set<string>(rules.flatMap((r) => peerKinds(r.peers)));
    if (rules.some((r) => r.ports?.some((x) => "namedPort" in x))) used.add("namedPort");
    for (const f of ["namedPort", "nodes", "networks", "domainNames"] as const)
      if (used.has(f) && !support.features.includes(f))
        unsupported(
          profile,
          `the ${f} ${f === "namedPort" ? "port" : "peer"} of ${p.kind} "${p.metadata.name}"`,
          f === "domainNames" && profile.name === "reference"
            ? "domainNames peers match FQDNs, which the reference datapath does not track"
            : `${profile.name} does not enforce it (${support.cite})`,
        );
  }
}
