/**
 * The EndpointSlice controller (staging/src/k8s.io/endpointslice reconciler + utils.go), for one service:
 * selected pods with an IP that are not terminal become endpoints with
 *   ready = publishNotReadyAddresses || (podReady && !terminating), serving = podReady,
 *   terminating = deletionTimestamp set;
 * hostname only when pod.spec.hostname is set and pod.spec.subdomain equals the service name;
 * ports are the target ports resolved per pod (a named targetPort missing from a pod leaves that port
 * out), and endpoints are grouped by port set into slices of at most 100 endpoints, one address type
 * per slice from spec.ipFamilies. Slice names are `<service>-<5 random>` and stay stable across updates.
 */
import type { Rng } from "../../support/index.js";
import type { ClusterStore } from "../store.js";
import type { Endpoint, EndpointPort, EndpointSlice, Pod, Service } from "../model.js";
import { generateName } from "./names.js";

export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
const MAX_ENDPOINTS_PER_SLICE = 100;

export function podIsReady(pod: Pod): boolean {
  return pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** Resolves a service port's targetPort for a pod (podutil.FindPort: name and protocol must match). */
function targetPortFor(pod: Pod, target: number | string, protocol: string): number | undefined {
  if (typeof target === "number") return target;
  for (const c of pod.spec.containers)
    for (const p of c.ports) if (p.name === target && p.protocol === protocol) return p.containerPort;
  return undefined;
}

export interface SliceDeps {
  store: ClusterStore;
  rng: Rng;
  newMeta(kind: string, namespace: string, name: string): { uid: string; creationMs: number };
  /** Pods in the namespace that match the selector. */
  selectPods(namespace: string, selector: Record<string, string>): Iterable<Pod>;
}

export function reconcileService(deps: SliceDeps, namespace: string, name: string): void {
  const { store } = deps;
  const svc = store.service(namespace, name);
  const existing = store.endpointSlicesFor(namespace, name).filter((s) => s.managed);
  // Selectorless and ExternalName services get no managed slices (endpointslice controller syncService).
  if (!svc || !svc.spec.selector || svc.spec.type === "ExternalName") {
    for (const s of existing) store.remove("EndpointSlice", namespace, s.metadata.name);
    return;
  }
  const desired = desiredSlices(deps, svc);
  const pool = new Map<string, EndpointSlice[]>();
  for (const s of existing.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const k = groupKey(s.addressType, s.ports);
    let list = pool.get(k);
    if (!list) pool.set(k, (list = []));
    list.push(s);
  }
  const keep = new Set<string>();
  for (const d of desired) {
    const reuse = pool.get(d.key)?.shift();
    const sliceName = reuse ? reuse.metadata.name : generateName(`${name}-`, deps.rng);
    keep.add(sliceName);
    const labels: Record<string, string> = {
      ...svc.metadata.labels,
      "kubernetes.io/service-name": name,
      [MANAGED_BY_LABEL]: CONTROLLER_NAME,
    };
    if (svc.spec.clusterIPs[0] === "None") labels["service.kubernetes.io/headless"] = "";
    const slice: EndpointSlice = {
      kind: "EndpointSlice",
      metadata: {
        name: sliceName,
        namespace,
        labels,
        annotations: {},
        resourceVersion: 0,
        ownerReferences: [{ kind: "Service", name, uid: svc.metadata.uid, controller: true }],
        ...(reuse
          ? { uid: reuse.metadata.uid, creationMs: reuse.metadata.creationMs }
          : deps.newMeta("EndpointSlice", namespace, sliceName)),
      },
      addressType: d.addressType,
      endpoints: d.endpoints,
      ports: d.ports,
      managed: true,
    };
    if (reuse && sameContent(reuse, slice)) continue;
    store.put(slice);
  }
  for (const s of existing)
    if (!keep.has(s.metadata.name)) store.remove("EndpointSlice", namespace, s.metadata.name);
}

function sameContent(a: EndpointSlice, b: EndpointSlice): boolean {
  return (
    JSON.stringify([a.addressType, a.endpoints, a.ports, a.metadata.labels]) ===
    JSON.stringify([b.addressType, b.endpoints, b.ports, b.metadata.labels])
  );
}

function groupKey(addressType: string, ports: EndpointPort[]): string {
  return `${addressType}|${JSON.stringify(ports)}`;
}

interface DesiredSlice {
  key: string;
  addressType: "IPv4" | "IPv6";
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

function desiredSlices(deps: SliceDeps, svc: Service): DesiredSlice[] {
  const pods = [...deps.selectPods(svc.metadata.namespace, svc.spec.selector!)].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
  const families = svc.spec.ipFamilies.length ? svc.spec.ipFamilies : (["IPv4"] as const);
  const groups = new Map<string, DesiredSlice>();
  const order: string[] = [];
  for (const family of families) {
    for (const pod of pods) {
      if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
      const ips = pod.status.podIPs.length ? pod.status.podIPs : pod.status.podIP ? [pod.status.podIP] : [];
      const ip = ips.find((x) => x.includes(":") === (family === "IPv6"));
      if (!ip) continue;
      const ports: EndpointPort[] = [];
      for (const sp of svc.spec.ports) {
        const port = targetPortFor(pod, sp.targetPort, sp.protocol);
        if (port === undefined) continue;
        const ep: EndpointPort = { name: sp.name, port, protocol: sp.protocol };
        if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
        ports.push(ep);
      }
      const terminating = pod.metadata.deletionMs !== undefined;
      const podReady = podIsReady(pod);
      const node = pod.spec.nodeName ? deps.store.node(pod.spec.nodeName) : undefined;
      const endpoint: Endpoint = {
        addresses: [ip],
        conditions: {
          ready: svc.spec.publishNotReadyAddresses || (podReady && !terminating),
          serving: podReady,
          terminating,
        },
        targetRef: {
          kind: "Pod",
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      };
      if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name)
        endpoint.hostname = pod.spec.hostname;
      if (pod.spec.nodeName) endpoint.nodeName = pod.spec.nodeName;
      const zone = node?.metadata.labels["topology.kubernetes.io/zone"];
      if (zone) endpoint.zone = zone;
      const base = groupKey(family, ports);
      let idx = 0;
      let key = `${base}#0`;
      while ((groups.get(key)?.endpoints.length ?? 0) >= MAX_ENDPOINTS_PER_SLICE) key = `${base}#${++idx}`;
      let g = groups.get(key);
      if (!g) {
        groups.set(key, (g = { key: base, addressType: family, ports, endpoints: [] }));
        order.push(key);
      }
      g.endpoints.push(endpoint);
    }
  }
  if (order.length === 0) {
    // reconciler.go: a service with no endpoints still gets one placeholder slice.
    const family = families[0]!;
    return [{ key: groupKey(family, []), addressType: family, ports: [], endpoints: [] }];
  }
  return order.map((k) => groups.get(k)!);
}
