/**
 * The kubernetes plugin's multicluster zones (Multi-Cluster Services API, sigs.k8s.io/mcs-api
 * v1alpha1), after CoreDNS 1.14.7 plugin/kubernetes/kubernetes.go findMultiClusterServices,
 * object/serviceimport.go ToServiceImport and object/multicluster_endpoint.go
 * EndpointSliceToMultiClusterEndpoints. Names in a multicluster zone are answered from ServiceImports
 * (never Services) and from EndpointSlices labelled `multicluster.kubernetes.io/service-name`, whose
 * `multicluster.kubernetes.io/source-cluster` label is the cluster id of `ep.cluster.svc.ns.svc.zone`.
 */
import type { ClusterView, EndpointSlice, StoredObject } from "../../../cluster/index.js";
import type { Entry, Found } from "./endpoint-fields.js";
import {
  endpointHostname,
  join,
  matchPortAndProtocol,
  readyAddresses,
  slicePorts,
} from "./endpoint-fields.js";
import type { KubernetesOptions } from "./options.js";
import type { RecordRequest } from "./request.js";

/** mcs-api well_known_labels.go LabelSourceCluster. */
export const SOURCE_CLUSTER_LABEL = "multicluster.kubernetes.io/source-cluster";

/** object.ServiceImport: the fields CoreDNS keeps of a multicluster.x-k8s.io ServiceImport. */
export interface ServiceImport {
  name: string;
  namespace: string;
  /** spec.type is `Headless` (anything else, ClusterSetIP included, answers from spec.ips). */
  headless: boolean;
  ips: string[];
  ports: { name: string; port: number; protocol: string }[];
  labels: Record<string, string>;
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** object/serviceimport.go ToServiceImport, from the admitted object. */
export function toServiceImport(o: StoredObject): ServiceImport {
  const spec = record(o.body.spec);
  const ports = Array.isArray(spec.ports) ? spec.ports.map(record) : [];
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace,
    headless: text(spec.type) === "Headless",
    ips: Array.isArray(spec.ips) ? spec.ips.map(text) : [],
    ports: ports.map((p) => ({
      name: text(p.name),
      port: typeof p.port === "number" ? p.port : 0,
      protocol: text(p.protocol),
    })),
    labels: o.metadata.labels,
  };
}

/** What findMultiClusterServices needs of the backend. */
export interface MulticlusterSource {
  view: ClusterView;
  namespaceExposed(ns: string): boolean;
}

/**
 * controller.go: the ServiceImport watch lists with the *namespace* label selector (namespace_labels)
 * applied to the ServiceImports themselves, and the multicluster slice watch with the `labels`
 * selector; `noendpoints` does not turn the multicluster slice watch off.
 */
function serviceImportFor(src: MulticlusterSource, o: KubernetesOptions, ns: string, name: string) {
  const stored = src.view.serviceImport(ns, name);
  if (!stored) return undefined;
  const si = toServiceImport(stored);
  return watched(o, si) ? si : undefined;
}

/** The ServiceImports the watch holds (ServiceImportList). */
export function watchedServiceImports(view: ClusterView, o: KubernetesOptions): ServiceImport[] {
  return [...view.serviceImports()].map(toServiceImport).filter((si) => watched(o, si));
}

const watched = (o: KubernetesOptions, si: ServiceImport) =>
  !o.namespaceSelector || o.namespaceSelector(si.labels);

export function multiclusterSlices(
  src: MulticlusterSource,
  o: KubernetesOptions,
  si: ServiceImport,
): EndpointSlice[] {
  return src.view
    .multiclusterSlicesFor(si.namespace, si.name)
    .filter((s) => (o.labelSelector ? o.labelSelector(s.metadata.labels) : true));
}

/** kubernetes.go findMultiClusterServices. */
export function findMultiClusterServices(
  src: MulticlusterSource,
  o: KubernetesOptions,
  r: RecordRequest,
  zone: string,
): Found {
  if (!src.namespaceExposed(r.namespace)) return undefined;
  if (r.service === "") return [];
  const si = serviceImportFor(src, o, r.namespace, r.service);
  if (!si) return undefined;
  const slices = multiclusterSlices(src, o, si);
  // ignore empty_service: NXDOMAIN for a ClusterSetIP import without any ready address.
  if (o.ignoreEmptyService && !si.headless) {
    if (slices.every((s) => readyAddresses(s).length === 0)) return undefined;
  }
  const svcDomain = join(`${si.name}.${si.namespace}.svc`, zone);
  const out: Entry[] = [];
  let found = false;
  if (si.headless || r.endpoint !== "") {
    for (const slice of slices) {
      const cluster = slice.metadata.labels[SOURCE_CLUSTER_LABEL] ?? "";
      for (const addr of readyAddresses(slice)) {
        const label = endpointHostname(addr, o.endpointPodNames);
        // parse.go: an endpoint query in a multicluster zone names its cluster; both compared EqualFold.
        if (r.endpoint !== "" && (r.cluster !== cluster.toLowerCase() || r.endpoint !== label.toLowerCase()))
          continue;
        for (const p of slicePorts(slice)) {
          if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
          found = true;
          out.push({
            host: addr.ip,
            port: p.port,
            ttl: o.ttl,
            domain: join(`${label}.${cluster}`, svcDomain),
          });
        }
      }
    }
    return found ? out : undefined;
  }
  // A ClusterSetIP import: one entry per spec.ips per matching port; no ports at all is NXDOMAIN
  // (unlike a Service, an import gets no sentinel port).
  for (const p of si.ports) {
    if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
    found = true;
    for (const ip of si.ips) out.push({ host: ip, port: p.port, ttl: o.ttl, domain: svcDomain });
  }
  return found ? out : undefined;
}
