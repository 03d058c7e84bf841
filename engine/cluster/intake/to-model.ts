/**
 * Admitted API objects (validated and defaulted JSON) → the slim model the controllers, DNS and the
 * datapath read. Nothing here refuses anything: admission already did. Kinds the engine does not
 * model are kept whole as StoredObjects.
 */
import { canonicalIp } from "../../net/index.js";
import { endpointSlice, mirrorEndpoints } from "./to-model-endpoints.js";
import { labelSelector } from "./to-model-selector.js";
import { adminNetworkPolicy, baselineAdminNetworkPolicy } from "./to-model-admin-policy.js";
import type {
  Container,
  KubeObject,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  Node,
  ObjectMeta,
  Pod,
  PodTemplate,
  PodVolume,
  Protocol,
  Service,
  Workload,
} from "../model.js";
import { sharedList, sharedMap } from "./shared-empty.js";
import {
  arr,
  has,
  isObject,
  num,
  obj,
  objs,
  optNum,
  optObj,
  optStr,
  str,
  strMap,
  strs,
  bool,
  type JsonObject,
} from "./json.js";

export { labelSelector } from "./to-model-selector.js";

function containers(spec: JsonObject): Container[] {
  return objs(spec, "containers").map((c) => ({
    name: str(c, "name"),
    image: str(c, "image"),
    ports: objs(c, "ports").map((p) => ({
      name: optStr(p, "name"),
      containerPort: num(p, "containerPort"),
      protocol: (str(p, "protocol") || "TCP") as Protocol,
      hostPort: optNum(p, "hostPort"),
    })),
    readinessProbe: c.readinessProbe ?? undefined,
    volumeMounts: sharedList(
      objs(c, "volumeMounts").map((m) => ({
        name: str(m, "name"),
        mountPath: str(m, "mountPath"),
        ...(optStr(m, "subPath") ? { subPath: optStr(m, "subPath")! } : {}),
      })),
    ),
  }));
}

/** core/v1 Volume: ConfigMap sources with their items; other sources kept by name only. */
function volumes(spec: JsonObject): PodVolume[] {
  return objs(spec, "volumes").map((v) => {
    const cm = optObj(v, "configMap");
    if (!cm) return { name: str(v, "name") };
    const items = objs(cm, "items").map((i) => ({ key: str(i, "key"), path: str(i, "path") }));
    return { name: str(v, "name"), configMap: { name: str(cm, "name"), ...(items.length ? { items } : {}) } };
  });
}

export function podSpec(spec: JsonObject): Pod["spec"] {
  const dns = optObj(spec, "dnsConfig");
  return {
    nodeName: optStr(spec, "nodeName") || undefined,
    hostname: optStr(spec, "hostname") || undefined,
    subdomain: optStr(spec, "subdomain") || undefined,
    hostNetwork: bool(spec, "hostNetwork"),
    dnsPolicy: (str(spec, "dnsPolicy") || "ClusterFirst") as Pod["spec"]["dnsPolicy"],
    dnsConfig: dns
      ? {
          nameservers: strs(dns, "nameservers"),
          searches: strs(dns, "searches"),
          options: objs(dns, "options").map((o) =>
            has(o, "value") ? { name: str(o, "name"), value: str(o, "value") } : { name: str(o, "name") },
          ),
        }
      : undefined,
    hostAliases: sharedList(
      objs(spec, "hostAliases").map((h) => ({
        ip: str(h, "ip"),
        hostnames: strs(h, "hostnames"),
      })),
    ),
    setHostnameAsFQDN: bool(spec, "setHostnameAsFQDN"),
    containers: containers(spec),
    volumes: sharedList(volumes(spec)),
    nodeSelector: sharedMap(strMap(spec, "nodeSelector")),
    tolerations: arr(spec, "tolerations"),
  };
}

/** The store kind of operator.openshift.io/v1 Network (config.openshift.io's is `Network`). */
export const OPERATOR_NETWORK = "Network.operator.openshift.io";

/** The group and kind admission knows a model object by (for forgetting it when it is deleted). */
export function apiKindOf(o: KubeObject): {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  def: string;
} {
  const groups: Record<string, string> = {
    EndpointSlice: "discovery.k8s.io",
    NetworkPolicy: "networking.k8s.io",
    Deployment: "apps",
    ReplicaSet: "apps",
    StatefulSet: "apps",
    DaemonSet: "apps",
    Job: "batch",
    DNS: "operator.openshift.io",
    Network: "config.openshift.io",
    AdminNetworkPolicy: "policy.networking.k8s.io",
    BaselineAdminNetworkPolicy: "policy.networking.k8s.io",
  };
  if (o.kind === "Stored") {
    const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0]! : "";
    return {
      group,
      version: "",
      kind: o.apiKind === OPERATOR_NETWORK ? "Network" : o.apiKind,
      resource: "",
      namespaced: o.metadata.namespace !== "",
      def: "",
    };
  }
  return {
    group: groups[o.kind] ?? "",
    version: "",
    kind: o.kind,
    resource: "",
    namespaced: o.metadata.namespace !== "",
    def: "",
  };
}

/**
 * A pod's status is its kubelet's, and the API server resets it on create; a manifest that pins one
 * (a test fixture standing for a kubelet) keeps it in the model.
 */
export function manifestPodStatus(sent: JsonObject): Pod["status"] | undefined {
  const s = obj(sent, "status");
  return ["phase", "conditions", "podIP", "podIPs"].some((k) => has(s, k)) ? podStatus(s) : undefined;
}

/** A Service manifest's load-balancer ingress (standing for a cloud controller's). */
export function manifestIngress(sent: JsonObject): { ip?: string; hostname?: string }[] | undefined {
  const lb = optObj(obj(sent, "status"), "loadBalancer");
  return lb && Array.isArray(lb.ingress)
    ? objs(lb, "ingress").map((i) => ({ ip: optStr(i, "ip"), hostname: optStr(i, "hostname") }))
    : undefined;
}

function podStatus(status: JsonObject): Pod["status"] {
  const listed = objs(status, "podIPs").map((p) => str(p, "ip"));
  const ips = (listed.length ? listed : optStr(status, "podIP") ? [str(status, "podIP")] : []).map(
    (ip) => canonicalIp(ip) ?? ip,
  );
  return {
    phase: (str(status, "phase") || "Pending") as Pod["status"]["phase"],
    podIP: ips[0],
    podIPs: ips,
    hostIP: optStr(status, "hostIP"),
    conditions: objs(status, "conditions").map((c) => ({
      type: str(c, "type"),
      status: (str(c, "status") || "Unknown") as "True" | "False" | "Unknown",
      reason: optStr(c, "reason"),
      message: optStr(c, "message"),
    })),
    reason: optStr(status, "reason"),
    message: optStr(status, "message"),
  };
}

function service(o: JsonObject, metadata: ObjectMeta): Service {
  const spec = obj(o, "spec");
  const type = str(spec, "type") as Service["spec"]["type"];
  const affinity = (str(spec, "sessionAffinity") || "None") as "None" | "ClientIP";
  return {
    kind: "Service",
    metadata,
    spec: {
      type,
      clusterIP: type === "ExternalName" ? undefined : optStr(spec, "clusterIP"),
      clusterIPs: strs(spec, "clusterIPs").map((ip) => canonicalIp(ip) ?? ip),
      ipFamilies: strs(spec, "ipFamilies") as ("IPv4" | "IPv6")[],
      ipFamilyPolicy: optStr(spec, "ipFamilyPolicy") as Service["spec"]["ipFamilyPolicy"],
      selector: Object.keys(strMap(spec, "selector")).length ? strMap(spec, "selector") : undefined,
      ports: objs(spec, "ports").map((p) => ({
        name: str(p, "name"),
        protocol: (str(p, "protocol") || "TCP") as Protocol,
        port: num(p, "port"),
        targetPort: typeof p.targetPort === "string" ? p.targetPort : num(p, "targetPort") || num(p, "port"),
        nodePort: optNum(p, "nodePort") || undefined,
        appProtocol: optStr(p, "appProtocol"),
      })),
      externalName: type === "ExternalName" ? str(spec, "externalName") : undefined,
      externalIPs: strs(spec, "externalIPs"),
      publishNotReadyAddresses: bool(spec, "publishNotReadyAddresses"),
      sessionAffinity: affinity,
      sessionAffinityTimeoutSeconds:
        affinity === "ClientIP"
          ? (optNum(obj(obj(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds") ?? 10800)
          : undefined,
      externalTrafficPolicy: optStr(spec, "externalTrafficPolicy") as "Cluster" | "Local" | undefined,
      internalTrafficPolicy: optStr(spec, "internalTrafficPolicy") as "Cluster" | "Local" | undefined,
      loadBalancerIP: optStr(spec, "loadBalancerIP"),
      trafficDistribution: optStr(spec, "trafficDistribution"),
    },
    status: {
      loadBalancer: {
        ingress: objs(obj(obj(o, "status"), "loadBalancer"), "ingress").map((i) => ({
          ip: optStr(i, "ip"),
          hostname: optStr(i, "hostname"),
        })),
      },
    },
  };
}

function node(o: JsonObject, metadata: ObjectMeta): Node {
  const spec = obj(o, "spec");
  const status = obj(o, "status");
  const cidrs = strs(spec, "podCIDRs");
  const conditions = objs(status, "conditions").map((c) => ({
    type: str(c, "type"),
    status: (str(c, "status") || "Unknown") as "True" | "False" | "Unknown",
    reason: optStr(c, "reason"),
  }));
  // No kubelet here: a node without a Ready condition is taken as ready.
  if (!conditions.some((c) => c.type === "Ready"))
    conditions.push({ type: "Ready", status: "True", reason: "KubeletReady" });
  // A copy: the model's labels are the admitted object's own map (api-server.ts sharedStrMap).
  const labels = { ...metadata.labels };
  labels["kubernetes.io/hostname"] ??= metadata.name;
  labels["kubernetes.io/os"] ??= "linux";
  metadata.labels = labels;
  return {
    kind: "Node",
    metadata,
    spec: {
      podCIDR: optStr(spec, "podCIDR") ?? cidrs[0],
      podCIDRs: cidrs.length ? cidrs : optStr(spec, "podCIDR") ? [str(spec, "podCIDR")] : [],
      unschedulable: bool(spec, "unschedulable"),
    },
    status: {
      addresses: objs(status, "addresses").map((a) => ({
        type: (str(a, "type") || "InternalIP") as Node["status"]["addresses"][number]["type"],
        address: str(a, "address"),
      })),
      conditions,
    },
  };
}

function rules(list: JsonObject[], peerKey: "from" | "to"): NetworkPolicyRule[] {
  return list.map((r) => {
    const rule: NetworkPolicyRule = {};
    if (has(r, peerKey))
      rule.peers = objs(r, peerKey).map((p) => {
        const peer: NetworkPolicyPeer = {};
        if (isObject(p.podSelector)) peer.podSelector = labelSelector(p.podSelector);
        if (isObject(p.namespaceSelector)) peer.namespaceSelector = labelSelector(p.namespaceSelector);
        const b = optObj(p, "ipBlock");
        if (b) peer.ipBlock = { cidr: str(b, "cidr"), except: strs(b, "except") };
        return peer;
      });
    if (has(r, "ports"))
      rule.ports = objs(r, "ports").map((p) => ({
        protocol: (str(p, "protocol") || "TCP") as Protocol,
        port: typeof p.port === "string" || typeof p.port === "number" ? p.port : undefined,
        endPort: optNum(p, "endPort"),
      }));
    return rule;
  });
}

function networkPolicy(o: JsonObject, metadata: ObjectMeta): NetworkPolicy {
  const spec = obj(o, "spec");
  return {
    kind: "NetworkPolicy",
    metadata,
    spec: {
      podSelector: labelSelector(obj(spec, "podSelector")),
      policyTypes: strs(spec, "policyTypes") as ("Ingress" | "Egress")[],
      ingress: has(spec, "ingress") ? rules(objs(spec, "ingress"), "from") : undefined,
      egress: has(spec, "egress") ? rules(objs(spec, "egress"), "to") : undefined,
    },
  };
}

export function podTemplate(t: JsonObject): PodTemplate {
  const m = obj(t, "metadata");
  return {
    metadata: { labels: strMap(m, "labels"), annotations: strMap(m, "annotations") },
    spec: podSpec(obj(t, "spec")),
  };
}

function workload(o: JsonObject, kind: Workload["kind"], metadata: ObjectMeta): Workload {
  const spec = obj(o, "spec");
  const parallelism = kind === "Job" ? (optNum(spec, "parallelism") ?? 1) : undefined;
  const completions = kind === "Job" ? optNum(spec, "completions") : undefined;
  return {
    kind,
    metadata,
    spec: {
      replicas:
        kind === "Job"
          ? Math.min(parallelism ?? 1, completions ?? parallelism ?? 1)
          : (optNum(spec, "replicas") ?? 1),
      selector: labelSelector(obj(spec, "selector")),
      template: podTemplate(obj(spec, "template")),
      serviceName: kind === "StatefulSet" ? optStr(spec, "serviceName") : undefined,
      parallelism,
    },
  };
}

const WORKLOADS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"]);

/** The model object for an admitted object of `apiVersion`/`kind`. */
export function toModel(o: JsonObject, metadata: ObjectMeta): KubeObject {
  const apiVersion = str(o, "apiVersion");
  const kind = str(o, "kind");
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  const key = `${group}/${kind}`;
  switch (key) {
    case "/Pod":
      return { kind: "Pod", metadata, spec: podSpec(obj(o, "spec")), status: podStatus(obj(o, "status")) };
    case "/Service":
      return service(o, metadata);
    case "/Namespace":
      return {
        kind: "Namespace",
        metadata,
        status: { phase: str(obj(o, "status"), "phase") === "Terminating" ? "Terminating" : "Active" },
      };
    case "/Node":
      return node(o, metadata);
    case "/ConfigMap":
      return { kind: "ConfigMap", metadata, data: strMap(o, "data") };
    case "/Endpoints":
      return mirrorEndpoints(o, metadata);
    case "discovery.k8s.io/EndpointSlice":
      return endpointSlice(o, metadata);
    case "networking.k8s.io/NetworkPolicy":
      return networkPolicy(o, metadata);
    case "policy.networking.k8s.io/AdminNetworkPolicy":
      return adminNetworkPolicy(o, metadata);
    case "policy.networking.k8s.io/BaselineAdminNetworkPolicy":
      return baselineAdminNetworkPolicy(o, metadata);
    case "operator.openshift.io/DNS":
      return { kind: "DNS", metadata, spec: obj(o, "spec") };
    case "config.openshift.io/Network": {
      const spec = obj(o, "spec");
      return {
        kind: "Network",
        metadata,
        spec: {
          clusterNetwork: objs(spec, "clusterNetwork").map((c) => ({
            cidr: str(c, "cidr"),
            // uint32 with omitempty: unset is 0, "not used by the plugin".
            hostPrefix: optNum(c, "hostPrefix") ?? 0,
          })),
          serviceNetwork: strs(spec, "serviceNetwork"),
          networkType: str(spec, "networkType"),
        },
      };
    }
    case "operator.openshift.io/Network":
      // Stored apart from config.openshift.io's Network of the same kind name (the store keys kinds).
      return { kind: "Stored", apiVersion, apiKind: OPERATOR_NETWORK, metadata, body: o };
    default:
      if ((group === "apps" || group === "batch") && WORKLOADS.has(kind))
        return workload(o, kind as Workload["kind"], metadata);
      return { kind: "Stored", apiVersion, apiKind: kind, metadata, body: o };
  }
}
