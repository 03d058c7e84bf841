/**
 * Names the checker knows without a manifest. This table mirrors engine/cluster profiles (dsl/ may not
 * import engine/): built-in services and node naming per profile.
 */
export const PROFILES = ["kubeadm", "kind", "openshift", "custom"] as const;

export const FAULTS = [
  "dns-outage",
  "dns-replicas-down",
  "dns-selector-mismatch",
  "dns-loop",
  "upstream-unreachable",
  "upstream-slow",
  "upstream-servfail",
  "apiserver-down",
  "dns-operator-down",
  "dns-packet-loss",
  "cni-missing",
  "node-down",
  "pod-not-ready",
  "ipam-exhausted",
  "kube-proxy-down",
  "partition",
  "corefile-edit",
] as const;

export const RECORD_TYPES = [
  "A",
  "AAAA",
  "ANY",
  "SRV",
  "CNAME",
  "PTR",
  "TXT",
  "SOA",
  "NS",
  "MX",
  "CAA",
  "DS",
  "DNSKEY",
  "HINFO",
];
export const RCODES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "TIMEOUT"];

export const MATCHER_SUBJECTS: Record<string, readonly string[]> = {
  dns: [
    "rcode",
    "flags",
    "answer",
    "authority",
    "additional",
    "ttl",
    "size",
    "timeout",
    "refused",
    "because",
  ],
  resolve: ["tries", "answer", "rcode", "source", "timeout", "canonical-name", "elapsed", "because"],
  "resolv-conf": ["search", "nameserver", "nameservers", "options", "text", "warnings"],
  hosts: ["entries", "text"],
  endpoints: ["endpoints", "addresses", "ready-addresses", "not-ready-addresses", "ports", "count"],
  connect: [
    "allowed",
    "denied",
    "refused",
    "timeout",
    "rejected",
    "lands-on",
    "candidates",
    "source-ip",
    "destination-ip",
    "because",
  ],
  path: [
    "allowed",
    "denied",
    "refused",
    "timeout",
    "rejected",
    "lands-on",
    "candidates",
    "source-ip",
    "destination-ip",
    "because",
    "hops",
  ],
  reach: [],
  object: ["phase", "ready", "reason", "exists", "node-name", "ip", "cluster-ip", "status"],
  coredns: ["status", "ready", "replicas", "ready-replicas", "log"],
  apply: ["accepted", "rejected", "message"],
};

/** Services every cluster of the profile has (`ns/name`). */
export function builtinServices(profile: string): string[] {
  if (profile === "openshift") return ["default/kubernetes", "openshift-dns/dns-default"];
  return ["default/kubernetes", "kube-system/kube-dns"];
}

/**
 * Node names of a profile with `nodes` total nodes (control plane included). Mirrors
 * engine/cluster/profiles (same names and defaults: kind 1, kubeadm 3, openshift 5 = 3 masters + 2).
 */
export function builtinNodes(profile: string, nodes: number | undefined): string[] {
  if (profile === "openshift") {
    const total = nodes ?? 5;
    const masters = Math.min(3, total);
    const out: string[] = [];
    for (let i = 0; i < masters; i++) out.push(`master-${i}`);
    for (let i = 0; i < total - masters; i++) out.push(`worker-${i}`);
    return out;
  }
  const total = nodes ?? (profile === "kind" ? 1 : 3);
  const out = [profile === "kind" ? "kind-control-plane" : "control-plane"];
  for (let i = 1; i < total; i++)
    out.push(profile === "kind" ? (i === 1 ? "kind-worker" : `kind-worker${i}`) : `worker-${i - 1}`);
  return out;
}
