/**
 * What a case shares with the other cases on one real cluster, read from its steps before it runs,
 * so cases in separate namespaces can run at once (`--parallel` on real targets) and the rest one at
 * a time. Each case gets namespaces of its own (NamespaceMap), so what it applies there is its own.
 * What is not: objects outside them (cluster-scoped kinds, system namespaces: snapshotted and
 * restored per case, protected-objects.ts), faults (they act on nodes and kube-system), pinned
 * Service addresses (every case of a suite applies the same manifests, so two at once would pin
 * the same cluster IP: "provided IP is already allocated", ipallocator), host ports and host-network
 * pods (a node port of the machine's), and CoreDNS's own log (`expect coredns`). Such a case claims
 * `all`. A namespace kept under its own name for every case (`default` on clusters netspec owns, so
 * `kubernetes.default` means what it means) is claimed by name: two cases using it never overlap.
 */
import type { ApplySource, ManifestText, ObjectRef, PlanCase, Step } from "../../../dsl/index.js";
import { CLUSTER_SCOPED_KINDS } from "./cluster-scoped.js";
import { NamespaceMap } from "./namespaces.js";
import { pinsServiceAddresses } from "./pinned-addresses.js";
import { parseManifests } from "./yaml11.js";

/** `all`: this case runs alone. Otherwise the shared things it uses (`namespace default`). */
export type CaseClaims = "all" | string[];

/** The claims of `c` on a cluster where the namespaces in `kept` keep their names for every case. */
export function caseClaims(c: PlanCase, kept: ReadonlySet<string>): CaseClaims {
  const claims = new Set<string>();
  for (const step of c.steps) {
    const got = stepClaims(step, kept);
    if (got === "all") return "all";
    for (const x of got) claims.add(x);
  }
  return [...claims].sort();
}

function stepClaims(step: Step, kept: ReadonlySet<string>): CaseClaims {
  switch (step.type) {
    case "fault":
    case "heal":
      return "all";
    case "apply":
      return manifestClaims(texts(step.source), kept);
    case "delete":
    case "label":
    case "annotate":
    case "patch":
    case "scale":
      return refClaims(step.target, kept);
    case "wait":
      return [];
    case "expect":
      if (step.probe.kind === "coredns") return "all";
      if (step.probe.kind === "apply") return manifestClaims(texts(step.probe.source), kept);
      return [];
  }
}

function texts(source: ApplySource): ManifestText[] {
  return source.kind === "inline" ? [source.manifest] : source.manifests;
}

function refClaims(ref: ObjectRef, kept: ReadonlySet<string>): CaseClaims {
  if (ref.kind !== "Namespace" && CLUSTER_SCOPED_KINDS.has(ref.kind)) return "all";
  return namespaceClaims(ref.namespace ?? "default", kept);
}

function namespaceClaims(namespace: string, kept: ReadonlySet<string>): CaseClaims {
  if (NamespaceMap.isSystem(namespace)) return "all";
  return kept.has(namespace) ? [`namespace ${namespace}`] : [];
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

function manifestClaims(manifests: ManifestText[], kept: ReadonlySet<string>): CaseClaims {
  const claims: string[] = [];
  for (const m of manifests) {
    if (pinsServiceAddresses(m.text)) return "all";
    let docs: unknown[];
    try {
      docs = parseManifests(m.text);
    } catch {
      // The apply will fail with the API server's message; running it alone changes nothing.
      continue;
    }
    for (const doc of docs) {
      const got = objectClaims(doc, kept);
      if (got === "all") return "all";
      claims.push(...got);
    }
  }
  return claims;
}

function objectClaims(doc: unknown, kept: ReadonlySet<string>): CaseClaims {
  if (!isMap(doc) || typeof doc.kind !== "string") return [];
  if (doc.kind === "List" && Array.isArray(doc.items)) {
    const claims: string[] = [];
    for (const item of doc.items) {
      const got = objectClaims(item, kept);
      if (got === "all") return "all";
      claims.push(...got);
    }
    return claims;
  }
  if (doc.kind === "Namespace") return [];
  if (CLUSTER_SCOPED_KINDS.has(doc.kind)) return "all";
  if (usesHostPorts(doc)) return "all";
  const meta = isMap(doc.metadata) ? doc.metadata : {};
  return namespaceClaims(typeof meta.namespace === "string" ? meta.namespace : "default", kept);
}

/** A pod (or a workload's pod template) on the host's network or with a hostPort. */
function usesHostPorts(doc: Raw): boolean {
  const spec = isMap(doc.spec) ? doc.spec : {};
  const template = isMap(spec.template) && isMap(spec.template.spec) ? spec.template.spec : undefined;
  const pod = doc.kind === "Pod" ? spec : template;
  if (!pod) return false;
  if (pod.hostNetwork === true) return true;
  const containers = [pod.containers, pod.initContainers].flatMap((l) => (Array.isArray(l) ? l : []));
  return containers.some(
    (c) => isMap(c) && Array.isArray(c.ports) && c.ports.some((p) => isMap(p) && p.hostPort !== undefined),
  );
}
