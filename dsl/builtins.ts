/**
 * Names the checker knows without a manifest. This table mirrors engine/cluster profiles (dsl/ may not
 * import engine/): built-in services and node naming per profile, and the fault names.
 */
import type { KnownFault } from "./compile/session.js";

export const PROFILES = ["kubeadm", "kind", "openshift", "custom"] as const;

/**
 * The faults the checker knows when the caller names none (tests, the language server without
 * options). A copy of engine/faults/catalog.ts's names and argument synopses, which dsl/ may not
 * import; test/dsl/builtin-faults.test.ts fails when the two differ. The CLI passes the catalog itself.
 */
export const DEFAULT_FAULTS: readonly KnownFault[] = [
  { name: "dns-outage", args: "" },
  { name: "dns-replicas-down", args: "N" },
  { name: "dns-selector-mismatch", args: "" },
  { name: "dns-loop", args: "" },
  { name: "upstream-unreachable", args: "" },
  { name: "upstream-slow", args: "delay=DURATION" },
  { name: "upstream-servfail", args: "" },
  { name: "apiserver-down", args: "" },
  { name: "dns-operator-down", args: "" },
  { name: "dns-packet-loss", args: "RATE% (e.g. 30%)" },
  { name: "cni-missing", args: "" },
  { name: "node-down", args: "NODE" },
  { name: "pod-not-ready", args: "NS/POD" },
  { name: "ipam-exhausted", args: "NODE" },
  { name: "kube-proxy-down", args: "NODE" },
  { name: "partition", args: "NODE NODE [NODE...]" },
  { name: "corefile-edit", args: "file=PATH (or text=COREFILE)" },
];

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
