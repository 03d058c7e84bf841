/**
 * Workload controllers, reduced to the pods they produce:
 * Deployment → ReplicaSet `<deploy>-<pod-template-hash>` → pods `<rs>-<5 random>` (ReplicaSet controller
 * generateName); StatefulSet → pods `<set>-<ordinal>` with hostname = pod name and subdomain =
 * serviceName (statefulset/stateful_set_utils.go); DaemonSet → one pod per schedulable node whose labels
 * match the template's nodeSelector; Job → `parallelism` pods `<job>-<5 random>`. No rollouts: a
 * changed Deployment template replaces the old ReplicaSet at once.
 */
import type { Rng } from "../../support/index.js";
import type { ClusterStore } from "../store.js";
import type { Node, ObjectMeta, Pod, PodTemplate, Workload } from "../model.js";
import { selectorMatches } from "../selector.js";
import { generateName, podTemplateHash } from "./names.js";

export interface WorkloadDeps {
  store: ClusterStore;
  rng: Rng;
  newMeta(kind: string, namespace: string, name: string): { uid: string; creationMs: number };
  /** Pods owned (controller reference) by the object with this uid. */
  ownedPods(uid: string): Pod[];
  schedulable(node: Node, tolerations: unknown[]): boolean;
}

function meta(
  deps: WorkloadDeps,
  kind: string,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  owner: Workload,
  annotations: Record<string, string> = {},
): ObjectMeta {
  return {
    name,
    namespace,
    labels: { ...labels },
    annotations: { ...annotations },
    resourceVersion: 0,
    ownerReferences: [
      { kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true },
    ],
    ...deps.newMeta(kind, namespace, name),
  };
}

function podFrom(
  deps: WorkloadDeps,
  owner: Workload,
  template: PodTemplate,
  name: string,
  extraLabels: Record<string, string>,
  spec: Partial<Pod["spec"]> = {},
): Pod {
  return {
    kind: "Pod",
    metadata: meta(
      deps,
      "Pod",
      owner.metadata.namespace,
      name,
      { ...template.metadata.labels, ...extraLabels },
      owner,
      template.metadata.annotations,
    ),
    spec: structuredClone({ ...template.spec, ...spec }),
    status: { phase: "Pending", podIPs: [], conditions: [] },
  };
}

export function reconcileWorkload(deps: WorkloadDeps, w: Workload): void {
  switch (w.kind) {
    case "Deployment":
      return reconcileDeployment(deps, w);
    case "ReplicaSet":
    case "Job":
      return reconcileReplicas(deps, w);
    case "StatefulSet":
      return reconcileStatefulSet(deps, w);
    case "DaemonSet":
      return reconcileDaemonSet(deps, w);
  }
}

function reconcileDeployment(deps: WorkloadDeps, d: Workload): void {
  const hash = podTemplateHash(d.spec.template);
  const rsName = `${d.metadata.name}-${hash}`;
  const ns = d.metadata.namespace;
  for (const rs of deps.store.list("ReplicaSet") as Iterable<Workload>) {
    if (
      rs.metadata.namespace === ns &&
      rs.metadata.ownerReferences.some((o) => o.uid === d.metadata.uid) &&
      rs.metadata.name !== rsName
    ) {
      deps.store.remove("ReplicaSet", ns, rs.metadata.name);
    }
  }
  const existing = deps.store.get("ReplicaSet", ns, rsName) as Workload | undefined;
  const labels = { ...d.spec.template.metadata.labels, "pod-template-hash": hash };
  if (existing && existing.spec.replicas === d.spec.replicas) return;
  const rs: Workload = {
    kind: "ReplicaSet",
    metadata: existing ? { ...existing.metadata } : meta(deps, "ReplicaSet", ns, rsName, labels, d),
    spec: {
      replicas: d.spec.replicas,
      selector: {
        matchLabels: { ...d.spec.selector.matchLabels, "pod-template-hash": hash },
        matchExpressions: d.spec.selector.matchExpressions,
      },
      template: {
        metadata: { labels, annotations: d.spec.template.metadata.annotations },
        spec: d.spec.template.spec,
      },
    },
  };
  deps.store.put(rs);
}

function reconcileReplicas(deps: WorkloadDeps, w: Workload): void {
  const pods = deps.ownedPods(w.metadata.uid).filter((p) => p.metadata.deletionMs === undefined);
  const want = w.spec.replicas;
  if (pods.length > want) {
    // Newest first (controller.ActivePods ordering, simplified to creation order then name).
    pods.sort(
      (a, b) => b.metadata.creationMs - a.metadata.creationMs || (a.metadata.name < b.metadata.name ? 1 : -1),
    );
    for (const p of pods.slice(0, pods.length - want))
      deps.store.remove("Pod", p.metadata.namespace, p.metadata.name);
    return;
  }
  for (let i = pods.length; i < want; i++) {
    let name = generateName(`${w.metadata.name}-`, deps.rng);
    while (deps.store.pod(w.metadata.namespace, name)) name = generateName(`${w.metadata.name}-`, deps.rng);
    const extra: Record<string, string> =
      w.kind === "Job"
        ? { "batch.kubernetes.io/job-name": w.metadata.name, "job-name": w.metadata.name }
        : {};
    deps.store.put(podFrom(deps, w, w.spec.template, name, extra));
  }
}

function reconcileStatefulSet(deps: WorkloadDeps, w: Workload): void {
  const ns = w.metadata.namespace;
  const owned = new Map(deps.ownedPods(w.metadata.uid).map((p) => [p.metadata.name, p]));
  for (let i = 0; i < w.spec.replicas; i++) {
    const name = `${w.metadata.name}-${i}`;
    if (owned.has(name)) {
      owned.delete(name);
      continue;
    }
    if (deps.store.pod(ns, name)) continue;
    deps.store.put(
      podFrom(
        deps,
        w,
        w.spec.template,
        name,
        { "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(i) },
        // stateful_set_utils.go updateIdentity: hostname = pod name, subdomain = serviceName.
        { hostname: name, subdomain: w.spec.serviceName || undefined },
      ),
    );
  }
  for (const p of owned.values()) deps.store.remove("Pod", ns, p.metadata.name);
}

function reconcileDaemonSet(deps: WorkloadDeps, w: Workload): void {
  const ns = w.metadata.namespace;
  const byNode = new Map<string, Pod>();
  for (const p of deps.ownedPods(w.metadata.uid)) {
    if (p.spec.nodeName && !byNode.has(p.spec.nodeName)) byNode.set(p.spec.nodeName, p);
    else deps.store.remove("Pod", ns, p.metadata.name);
  }
  for (const node of deps.store.nodes()) {
    const fits =
      selectorMatches(
        { matchLabels: w.spec.template.spec.nodeSelector, matchExpressions: [] },
        node.metadata.labels,
      ) && deps.schedulable(node, w.spec.template.spec.tolerations);
    const have = byNode.get(node.metadata.name);
    if (fits && !have) {
      let name = generateName(`${w.metadata.name}-`, deps.rng);
      while (deps.store.pod(ns, name)) name = generateName(`${w.metadata.name}-`, deps.rng);
      deps.store.put(podFrom(deps, w, w.spec.template, name, {}, { nodeName: node.metadata.name }));
    } else if (!fits && have) {
      deps.store.remove("Pod", ns, have.metadata.name);
    }
    byNode.delete(node.metadata.name);
  }
  for (const p of byNode.values()) deps.store.remove("Pod", ns, p.metadata.name);
}
