/**
 * Objects back in manifest form (apiVersion/kind/metadata/spec/status), as the API would return them:
 * what `get()` shows and what label/patch edit before re-admission. An object that came through
 * admission starts from what the API server stored (every defaulted field), with what the
 * controllers changed since laid over it (pod binding and status, node CIDRs and conditions,
 * Corefile data); objects the controllers made are built from the model.
 */
import type { KubeObject, LabelSelector, ObjectMeta, Pod } from "./model.js";

type Raw = Record<string, unknown>;

const API_VERSIONS: Record<string, string> = {
  Pod: "v1",
  Service: "v1",
  Namespace: "v1",
  Node: "v1",
  ConfigMap: "v1",
  EndpointSlice: "discovery.k8s.io/v1",
  NetworkPolicy: "networking.k8s.io/v1",
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  Job: "batch/v1",
  DNS: "operator.openshift.io/v1",
  Network: "config.openshift.io/v1",
  AdminNetworkPolicy: "policy.networking.k8s.io/v1alpha1",
  BaselineAdminNetworkPolicy: "policy.networking.k8s.io/v1alpha1",
};

function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function meta(m: ObjectMeta, epochSeconds: number): Raw {
  const out: Raw = { name: m.name };
  if (m.namespace) out.namespace = m.namespace;
  out.uid = m.uid;
  out.resourceVersion = String(m.resourceVersion);
  out.creationTimestamp = new Date((epochSeconds + Math.floor(m.creationMs / 1000)) * 1000)
    .toISOString()
    .replace(".000Z", "Z");
  if (m.deletionMs !== undefined)
    out.deletionTimestamp = new Date((epochSeconds + Math.floor(m.deletionMs / 1000)) * 1000)
      .toISOString()
      .replace(".000Z", "Z");
  if (Object.keys(m.labels).length) out.labels = { ...m.labels };
  if (Object.keys(m.annotations).length) out.annotations = { ...m.annotations };
  if (m.ownerReferences.length)
    out.ownerReferences = m.ownerReferences.map((o) => ({ apiVersion: API_VERSIONS[o.kind] ?? "v1", ...o }));
  return out;
}

function selector(s: LabelSelector): Raw {
  const out: Raw = {};
  if (Object.keys(s.matchLabels).length) out.matchLabels = { ...s.matchLabels };
  if (s.matchExpressions.length) out.matchExpressions = clean(s.matchExpressions);
  return out;
}

function podSpec(spec: Pod["spec"]): Raw {
  const out = clean(spec) as unknown as Raw;
  if (!spec.hostAliases.length) delete out.hostAliases;
  if (!spec.tolerations.length) delete out.tolerations;
  if (!Object.keys(spec.nodeSelector).length) delete out.nodeSelector;
  if (!spec.hostNetwork) delete out.hostNetwork;
  if (!spec.setHostnameAsFQDN) delete out.setHostnameAsFQDN;
  return out;
}

/** The admitted object with the fields the runtime owns brought up to date. */
function fromAdmitted(obj: KubeObject, admitted: Readonly<Raw>, epochSeconds: number): Raw {
  const out = clean(admitted) as Raw;
  const m = meta(obj.metadata, epochSeconds);
  out.metadata = {
    ...(out.metadata as Raw),
    resourceVersion: m.resourceVersion,
    labels: m.labels,
    annotations: m.annotations,
  };
  const md = out.metadata as Raw;
  if (md.labels === undefined) delete md.labels;
  if (md.annotations === undefined) delete md.annotations;
  if (m.deletionTimestamp) md.deletionTimestamp = m.deletionTimestamp;
  const spec = (out.spec ?? {}) as Raw;
  switch (obj.kind) {
    case "Pod":
      if (obj.spec.nodeName) spec.nodeName = obj.spec.nodeName;
      out.status = {
        ...((out.status as Raw | undefined) ?? {}),
        ...clean({ ...obj.status, podIPs: obj.status.podIPs.map((ip) => ({ ip })) }),
      };
      break;
    case "Node":
      spec.podCIDR = obj.spec.podCIDR;
      spec.podCIDRs = [...obj.spec.podCIDRs];
      out.status = { ...((out.status as Raw | undefined) ?? {}), ...clean(obj.status) };
      break;
    case "Service":
      out.status = clean(obj.status);
      break;
    case "ConfigMap":
      out.data = { ...obj.data };
      break;
    case "Deployment":
    case "ReplicaSet":
    case "StatefulSet":
      spec.replicas = obj.spec.replicas;
      break;
    case "Stored":
      return { ...clean(obj.body), metadata: out.metadata };
    default:
      break;
  }
  if (out.spec !== undefined || Object.keys(spec).length) out.spec = spec;
  return out;
}

export function toManifest(obj: KubeObject, epochSeconds = 1_700_000_000): Raw {
  if (obj.metadata.admitted) return fromAdmitted(obj, obj.metadata.admitted, epochSeconds);
  if (obj.kind === "Stored") return { ...clean(obj.body), metadata: meta(obj.metadata, epochSeconds) };
  const head: Raw = {
    apiVersion: API_VERSIONS[obj.kind],
    kind: obj.kind,
    metadata: meta(obj.metadata, epochSeconds),
  };
  switch (obj.kind) {
    case "Pod":
      return {
        ...head,
        spec: podSpec(obj.spec),
        status: clean({ ...obj.status, podIPs: obj.status.podIPs.map((ip) => ({ ip })) }),
      };
    case "Service": {
      const spec = clean(obj.spec) as unknown as Raw;
      return { ...head, spec, status: clean(obj.status) };
    }
    case "EndpointSlice":
      return {
        ...head,
        addressType: obj.addressType,
        endpoints: clean(obj.endpoints),
        ports: clean(obj.ports),
      };
    case "Namespace":
      return { ...head, spec: { finalizers: ["kubernetes"] }, status: { ...obj.status } };
    case "Node":
      return { ...head, spec: clean(obj.spec), status: clean(obj.status) };
    case "ConfigMap":
      return { ...head, data: { ...obj.data } };
    case "NetworkPolicy": {
      const spec: Raw = {
        podSelector: selector(obj.spec.podSelector),
        policyTypes: [...obj.spec.policyTypes],
      };
      const rules = (rs: typeof obj.spec.ingress, peerKey: string) =>
        rs?.map((r) => {
          const out: Raw = {};
          if (r.peers)
            out[peerKey] = r.peers.map((p) => {
              const o: Raw = {};
              if (p.podSelector) o.podSelector = selector(p.podSelector);
              if (p.namespaceSelector) o.namespaceSelector = selector(p.namespaceSelector);
              if (p.ipBlock) o.ipBlock = clean(p.ipBlock);
              return o;
            });
          if (r.ports) out.ports = clean(r.ports);
          return out;
        });
      if (obj.spec.ingress) spec.ingress = rules(obj.spec.ingress, "from");
      if (obj.spec.egress) spec.egress = rules(obj.spec.egress, "to");
      return { ...head, spec };
    }
    case "DNS":
      return { ...head, spec: clean(obj.spec) };
    case "Network":
    case "AdminNetworkPolicy":
    case "BaselineAdminNetworkPolicy":
      return { ...head, spec: clean(obj.spec) };
    default: {
      const spec: Raw = {
        selector: selector(obj.spec.selector),
        template: { metadata: clean(obj.spec.template.metadata), spec: podSpec(obj.spec.template.spec) },
      };
      if (obj.kind === "Job") spec.parallelism = obj.spec.parallelism ?? obj.spec.replicas;
      else if (obj.kind !== "DaemonSet") spec.replicas = obj.spec.replicas;
      if (obj.spec.serviceName) spec.serviceName = obj.spec.serviceName;
      return { ...head, spec };
    }
  }
}
