/**
 * Where NetworkPolicy implementations knowingly differ from the API reference (netpol-semantics.md,
 * "per-CNI divergences"), as profiles a cluster can select (`cni cilium` in a cluster block, `--cni`):
 * - ipBlock and pod IPs: the upstream e2e tests expect an ipBlock to match pod IPs (reference, Calico);
 *   Cilium classifies in-cluster traffic by identity first, so ipBlock never matches pods
 *   (cilium/cilium#9209, #35212);
 * - a pod reaching itself through its own Service (hairpin): kube-proxy masquerades it; Calico and
 *   Antrea then apply the pod's ingress policy to it (blocked when isolated), Cilium skips policy for
 *   service loopback (cilium/cilium#13767, #15321); the reference treats the masqueraded packet as
 *   node traffic, which policy always allows.
 * - OVN-Kubernetes: ipBlocks are address-set ACLs on IPs, so they match pod IPs; hairpin traffic is
 *   SNATed to the hairpin masquerade IP (the load balancers' `hairpin_snat_ip`, go-controller/pkg/ovn/
 *   controller/services/loadbalancer.go; config.go V4OVNServiceHairpinMasqueradeIP 169.254.169.5,
 *   V6 fd69::5) and let through by an allow-hairpinning ACL before policy. Services are OVN load
 *   balancers, not kube-proxy rules: OpenShift's CNO deploys no kube-proxy for OVNKubernetes
 *   (cluster-network-operator pkg/network kube_proxy.go shouldDeployKubeProxy).
 * Which AdminNetworkPolicy features each implementation enforces: admin-policy-support.ts.
 */
export interface CniProfile {
  name: string;
  ipBlockMatchesPods: boolean;
  /** How policy treats a pod reaching itself through its own Service. */
  serviceLoopback: "node-traffic" | "policy" | "skip-policy";
  /** The source a pod reaching itself through its Service is SNATed to, per family (absent: its own). */
  hairpinSourceIp?: { v4: string; v6: string };
  /** What translates Services (reasons name it): kube-proxy unless the plugin replaces it. */
  serviceProxy?: string;
  cite: string;
}

const PROFILES: Record<string, CniProfile> = {
  reference: {
    name: "reference",
    ipBlockMatchesPods: true,
    serviceLoopback: "node-traffic",
    cite: "kubernetes test/e2e/network/netpol (ipBlock on pod IPs); kube-proxy masquerades hairpin traffic",
  },
  calico: {
    name: "calico",
    ipBlockMatchesPods: true,
    serviceLoopback: "policy",
    cite: "projectcalico/calico#6634; cilium/cilium#13767 (comment on Calico)",
  },
  antrea: {
    name: "antrea",
    ipBlockMatchesPods: true,
    serviceLoopback: "policy",
    cite: "cilium/cilium#13767 (comment on Antrea); antrea hack/kind cyclonus job",
  },
  "ovn-kubernetes": {
    name: "ovn-kubernetes",
    ipBlockMatchesPods: true,
    serviceLoopback: "skip-policy",
    hairpinSourceIp: { v4: "169.254.169.5", v6: "fd69::5" },
    serviceProxy: "OVN load balancer",
    cite: "ovn-kubernetes docs/features/network-security-controls/network-policy.md (ipBlock ACLs on CIDRs, internal or external); go-controller/pkg/ovn addHairpinAllowACL (allow-hairpinning: ip4.src == V4OVNServiceHairpinMasqueradeIP 169.254.169.5)",
  },
  // kube-router's firewall (pkg/controllers/netpol, v2.1.0): the local target's NetworkPolicy.
  // ipBlocks are ipsets of CIDRs matched on the source/destination address, pods included
  // (policy.go, buildNetworkPoliciesInfo/evalIPBlockPeer). A pod reaching itself through its Service
  // is judged in its one KUBE-POD-FW chain before kube-proxy's masquerade (POSTROUTING), where both
  // directions' rules set the same 0x10000 mark (pod.go setupPodNetpolRules): without an egress
  // policy of its own, the default egress chain marks it and it is allowed, as the reference allows
  // masqueraded node traffic.
  "kube-router": {
    name: "kube-router",
    ipBlockMatchesPods: true,
    serviceLoopback: "node-traffic",
    cite: "cloudnativelabs/kube-router v2.1.0 pkg/controllers/netpol policy.go (ipBlock ipsets), pod.go (one chain per pod, shared mark)",
  },
  cilium: {
    name: "cilium",
    ipBlockMatchesPods: false,
    serviceLoopback: "skip-policy",
    cite: "cilium/cilium#9209, #35212 (ipBlock never matches pods); #13767, #15321 (service loopback)",
  },
};

/** The profile for a CNI name (undefined = reference); an unknown name is a clear error. */
export function cniProfile(name: string | undefined): CniProfile {
  const p = PROFILES[(name ?? "reference").toLowerCase()];
  if (!p)
    throw new Error(
      `unknown CNI profile "${name}" (known: ${Object.keys(PROFILES).join(", ")}); the reference datapath only models these`,
    );
  return p;
}
