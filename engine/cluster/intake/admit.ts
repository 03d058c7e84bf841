/**
 * Admission of one manifest document: decode, default (pkg/apis/core/v1/defaults.go and friends),
 * validate (pkg/apis/core/validation, networking/validation) and allocate (ClusterIPs, NodePorts),
 * giving the slim model object. Errors are kube-style with the manifest file and line.
 */
import { DocContext } from "./field-error.js";
import { Fields, isMap, type Raw } from "./fields.js";
import type { ManifestDoc } from "./yaml-docs.js";
import {
  PROTOCOLS,
  portNameError,
  readLabelSelector,
  readPodSpec,
  readPodTemplate,
  readProtocol,
  validPort,
  validateLabels,
  validateObjectName,
} from "./admit-common.js";
import { dns1123SubdomainError } from "./names.js";
import { admitNetworkPolicy } from "./admit-netpol.js";
import type {
  ConfigMap,
  Endpoint,
  EndpointPort,
  EndpointSlice,
  KubeObject,
  Namespace,
  Node,
  ObjectMeta,
  OpenShiftDns,
  OpenShiftNetwork,
  Pod,
  Service,
  ServicePort,
  Workload,
} from "../model.js";
import { canonicalIp, ipFamily } from "../../net/index.js";

/** What admission needs from the API server: existing objects and the allocators. */
export interface AdmitApi {
  namespaceExists(name: string): boolean;
  existing(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** Cluster IP families in order (primary first). */
  families(): ("IPv4" | "IPv6")[];
  allocateClusterIPs(ctx: DocContext, svc: Service, previous: Service | undefined): void;
  allocateNodePorts(ctx: DocContext, svc: Service, previous: Service | undefined): void;
  newMeta(
    kind: string,
    namespace: string,
    name: string,
    previous: KubeObject | undefined,
  ): Pick<ObjectMeta, "uid" | "creationMs">;
}

interface KindInfo {
  apiVersions: string[];
  namespaced: boolean;
}

/** The kinds the engine models, with the apiVersions it accepts. */
export const KINDS: Record<string, KindInfo> = {
  Namespace: { apiVersions: ["v1"], namespaced: false },
  Node: { apiVersions: ["v1"], namespaced: false },
  Pod: { apiVersions: ["v1"], namespaced: true },
  Service: { apiVersions: ["v1"], namespaced: true },
  Endpoints: { apiVersions: ["v1"], namespaced: true },
  EndpointSlice: { apiVersions: ["discovery.k8s.io/v1"], namespaced: true },
  ConfigMap: { apiVersions: ["v1"], namespaced: true },
  Deployment: { apiVersions: ["apps/v1"], namespaced: true },
  ReplicaSet: { apiVersions: ["apps/v1"], namespaced: true },
  StatefulSet: { apiVersions: ["apps/v1"], namespaced: true },
  DaemonSet: { apiVersions: ["apps/v1"], namespaced: true },
  Job: { apiVersions: ["batch/v1"], namespaced: true },
  NetworkPolicy: { apiVersions: ["networking.k8s.io/v1"], namespaced: true },
  DNS: { apiVersions: ["operator.openshift.io/v1"], namespaced: false },
  Network: { apiVersions: ["config.openshift.io/v1"], namespaced: false },
};

/** Expands `kind: List` documents into their items (each keeps the list document's locator). */
export function expandLists(doc: ManifestDoc): { raw: Raw; doc: ManifestDoc; prefix: string }[] {
  if (
    doc.raw.kind === "List" ||
    (typeof doc.raw.kind === "string" && doc.raw.kind.endsWith("List") && Array.isArray(doc.raw.items))
  ) {
    const items = Array.isArray(doc.raw.items) ? doc.raw.items : [];
    return items.map((item, i) => ({ raw: (isMap(item) ? item : {}) as Raw, doc, prefix: `items[${i}].` }));
  }
  return [{ raw: doc.raw, doc, prefix: "" }];
}

/** Admits one object. `prefix` locates list items (`items[3].`). */
export function admit(doc: ManifestDoc, raw: Raw, prefix: string, api: AdmitApi): KubeObject {
  const kind = typeof raw.kind === "string" ? raw.kind : "";
  const meta = isMap(raw.metadata) ? raw.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "";
  const located: ManifestDoc = { ...doc, locate: (p: string) => doc.locate(prefix + p) };
  const ctx = new DocContext(located, kind || "Object", name);
  const f = new Fields(ctx);
  if (!kind) ctx.plain("Object 'Kind' is missing in the manifest", "manifest/invalid", "kind");
  const info = KINDS[kind];
  if (!info) {
    const near = closestKind(kind);
    return ctx.plain(
      `no matches for kind "${kind}" in version "${String(raw.apiVersion ?? "")}" (${near ? `did you mean ${near}? ` : ""}the reference engine does not model this kind)`,
      "manifest/unknown-kind",
      "kind",
    );
  }
  const apiVersion = f.str(raw.apiVersion, "apiVersion");
  if (!apiVersion || !info.apiVersions.includes(apiVersion)) {
    ctx.plain(
      `no matches for kind "${kind}" in version "${apiVersion ?? ""}" (expected ${info.apiVersions.join(" or ")})`,
      "manifest/unknown-kind",
      "apiVersion",
    );
  }
  if (!name) ctx.required("metadata.name", "name or generateName is required");
  validateObjectName(f, name, kind);
  let namespace = "";
  if (info.namespaced) {
    namespace = f.str(meta.namespace, "metadata.namespace") ?? "default";
    if (!api.namespaceExists(namespace))
      ctx.plain(`namespaces "${namespace}" not found`, "manifest/namespace-not-found", "metadata.namespace");
  }
  const labels = f.strings(meta.labels, "metadata.labels");
  validateLabels(f, labels, "metadata.labels");
  const storeKind = kind === "Endpoints" ? "EndpointSlice" : kind;
  const previous = api.existing(storeKind, namespace, kind === "Endpoints" ? `${name}-mirror` : name);
  const metadata: ObjectMeta = {
    name,
    namespace,
    labels,
    annotations: f.strings(meta.annotations, "metadata.annotations"),
    resourceVersion: 0,
    ownerReferences: [],
    source: located.location,
    ...api.newMeta(storeKind, namespace, name, previous),
  };
  // A pinned deletionTimestamp models a terminating object (graceful deletion in progress).
  if (typeof meta.deletionTimestamp === "string") metadata.deletionMs = metadata.creationMs;
  const spec = f.map(raw.spec, "spec");
  switch (kind) {
    case "Namespace": {
      // The NamespaceDefaultLabelName admission: kubernetes.io/metadata.name=<name>.
      metadata.labels["kubernetes.io/metadata.name"] = name;
      return { kind: "Namespace", metadata, status: { phase: "Active" } } satisfies Namespace;
    }
    case "Node":
      return admitNode(f, metadata, raw);
    case "Pod":
      return admitPod(f, metadata, raw);
    case "Service":
      return admitService(f, metadata, raw, api, previous as Service | undefined);
    case "EndpointSlice":
      return admitEndpointSlice(f, metadata, raw);
    case "Endpoints":
      return mirrorEndpoints(f, metadata, raw);
    case "ConfigMap":
      return { kind: "ConfigMap", metadata, data: f.strings(raw.data, "data") } satisfies ConfigMap;
    case "NetworkPolicy":
      return admitNetworkPolicy(f, metadata, spec);
    case "DNS":
      return { kind: "DNS", metadata, spec } satisfies OpenShiftDns;
    case "Network":
      return admitNetwork(f, metadata, spec);
    default:
      return admitWorkload(f, metadata, kind as Workload["kind"], spec);
  }
}

function admitNode(f: Fields, metadata: ObjectMeta, raw: Raw): Node {
  const spec = f.map(raw.spec, "spec");
  const status = f.map(raw.status, "status");
  const podCIDR = f.str(spec.podCIDR, "spec.podCIDR");
  const podCIDRs = f
    .list(spec.podCIDRs, "spec.podCIDRs")
    .map((x, i) => f.str(x, `spec.podCIDRs[${i}]`) ?? "");
  const addresses = f.list(status.addresses, "status.addresses").map((a, i) => {
    const m = f.map(a, `status.addresses[${i}]`);
    return {
      type: (f.str(m.type, `status.addresses[${i}].type`) ??
        "InternalIP") as Node["status"]["addresses"][number]["type"],
      address: f.str(m.address, `status.addresses[${i}].address`) ?? "",
    };
  });
  const conditions = f.list(status.conditions, "status.conditions").map((c, i) => {
    const m = f.map(c, `status.conditions[${i}]`);
    return {
      type: f.str(m.type, `status.conditions[${i}].type`) ?? "",
      status: (f.str(m.status, `status.conditions[${i}].status`) ?? "Unknown") as
        "True" | "False" | "Unknown",
      reason: f.str(m.reason, `status.conditions[${i}].reason`),
    };
  });
  if (!conditions.some((c) => c.type === "Ready"))
    conditions.push({ type: "Ready", status: "True", reason: "KubeletReady" });
  metadata.labels["kubernetes.io/hostname"] ??= metadata.name;
  metadata.labels["kubernetes.io/os"] ??= "linux";
  return {
    kind: "Node",
    metadata,
    spec: {
      podCIDR: podCIDR ?? podCIDRs[0],
      podCIDRs: podCIDRs.length ? podCIDRs : podCIDR ? [podCIDR] : [],
      unschedulable: f.bool(spec.unschedulable, "spec.unschedulable") ?? false,
    },
    status: { addresses, conditions },
  };
}

function admitPod(f: Fields, metadata: ObjectMeta, raw: Raw): Pod {
  const spec = readPodSpec(f, raw.spec, "spec");
  const status = f.map(raw.status, "status");
  const podIP = f.str(status.podIP, "status.podIP");
  const podIPs = f.list(status.podIPs, "status.podIPs").map((x, i) => {
    const v = isMap(x) ? x.ip : x;
    return f.str(v, `status.podIPs[${i}].ip`) ?? "";
  });
  for (const [i, ip] of (podIPs.length ? podIPs : podIP ? [podIP] : []).entries()) {
    if (canonicalIp(ip) === undefined)
      f.ctx.invalid(
        podIPs.length ? `status.podIPs[${i}].ip` : "status.podIP",
        ip,
        "must be a valid IP address",
      );
  }
  const conditions = f.list(status.conditions, "status.conditions").map((c, i) => {
    const m = f.map(c, `status.conditions[${i}]`);
    return {
      type: f.str(m.type, `status.conditions[${i}].type`) ?? "",
      status: (f.str(m.status, `status.conditions[${i}].status`) ?? "Unknown") as
        "True" | "False" | "Unknown",
      reason: f.str(m.reason, `status.conditions[${i}].reason`),
      message: f.str(m.message, `status.conditions[${i}].message`),
    };
  });
  const phase = f.str(status.phase, "status.phase");
  if (phase !== undefined && !["Pending", "Running", "Succeeded", "Failed", "Unknown"].includes(phase))
    f.ctx.fail(
      "status.phase",
      "Unsupported value",
      phase,
      'supported values: "Pending", "Running", "Succeeded", "Failed", "Unknown"',
    );
  const ips = podIPs.length ? podIPs.map((ip) => canonicalIp(ip)!) : podIP ? [canonicalIp(podIP)!] : [];
  return {
    kind: "Pod",
    metadata,
    spec,
    status: {
      phase: (phase ?? "Pending") as Pod["status"]["phase"],
      podIP: ips[0],
      podIPs: ips,
      hostIP: f.str(status.hostIP, "status.hostIP"),
      conditions,
      reason: f.str(status.reason, "status.reason"),
      message: f.str(status.message, "status.message"),
      ...(phase !== undefined || conditions.length > 0 ? {} : {}),
    },
  };
}

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"] as const;

function admitService(
  f: Fields,
  metadata: ObjectMeta,
  raw: Raw,
  api: AdmitApi,
  previous: Service | undefined,
): Service {
  const spec = f.map(raw.spec, "spec");
  const type = f.str(spec.type, "spec.type") ?? "ClusterIP";
  if (!(SERVICE_TYPES as readonly string[]).includes(type))
    f.ctx.fail(
      "spec.type",
      "Unsupported value",
      type,
      'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  const clusterIP = f.str(spec.clusterIP, "spec.clusterIP");
  let clusterIPs = f
    .list(spec.clusterIPs, "spec.clusterIPs")
    .map((x, i) => f.str(x, `spec.clusterIPs[${i}]`) ?? "");
  if (clusterIP !== undefined && clusterIP !== "") {
    if (clusterIPs.length && clusterIPs[0] !== clusterIP)
      f.ctx.invalid("spec.clusterIPs", clusterIPs, "must match `clusterIP` when both are specified");
    if (!clusterIPs.length) clusterIPs = [clusterIP];
  } else if (previous && previous.spec.clusterIP) {
    // An update that clears clusterIP clears clusterIPs too (storage NormalizeClusterIPs); the
    // allocator then keeps what the service had (patchAllocatedValues).
    clusterIPs = [];
  } else if (clusterIPs.some((ip) => ip !== "")) {
    // On create, clusterIPs without clusterIP is refused, not defaulted (validation.go
    // validateServiceClusterIPsRelatedFields; seen from a real kube-apiserver 1.31 built by
    // `netspec local build`).
    f.ctx.invalid("spec.clusterIPs", clusterIPs, "must be empty when `clusterIP` is not specified");
  }
  const headless = clusterIPs[0] === "None";
  const selectorRaw = spec.selector;
  const selector =
    selectorRaw === undefined || selectorRaw === null ? undefined : f.strings(selectorRaw, "spec.selector");
  if (selector) validateLabels(f, selector, "spec.selector");
  const portsRaw = f.list(spec.ports, "spec.ports");
  const seenNames = new Set<string>();
  const ports: ServicePort[] = portsRaw.map((p, i) => {
    const path = `spec.ports[${i}]`;
    const m = f.map(p, path);
    const name = f.str(m.name, `${path}.name`) ?? "";
    // validation.go validateServicePort: names required when there is more than one port, and unique.
    if (portsRaw.length > 1 && name === "") f.ctx.required(`${path}.name`);
    if (name !== "") {
      const e = portNameError(name);
      if (e) f.ctx.invalid(`${path}.name`, name, e);
      if (seenNames.has(name)) f.ctx.fail(`${path}.name`, "Duplicate value", name);
      seenNames.add(name);
    }
    const port = f.int(m.port, `${path}.port`);
    if (port === undefined) f.ctx.required(`${path}.port`);
    validPort(f, port, `${path}.port`);
    const protocol = readProtocol(f, m.protocol, `${path}.protocol`);
    // defaults.go SetDefaults_Service: targetPort defaults to port.
    let targetPort = f.intOrString(m.targetPort, `${path}.targetPort`) ?? port;
    if (targetPort === 0 || targetPort === "") targetPort = port;
    if (typeof targetPort === "number") validPort(f, targetPort, `${path}.targetPort`);
    else {
      const e = portNameError(targetPort);
      if (e) f.ctx.invalid(`${path}.targetPort`, targetPort, e);
    }
    const nodePort = f.int(m.nodePort, `${path}.nodePort`);
    if (nodePort !== undefined && nodePort !== 0 && type !== "NodePort" && type !== "LoadBalancer")
      f.ctx.fail(`${path}.nodePort`, "Forbidden", undefined, "may not be used when `type` is 'ClusterIP'");
    return {
      name,
      protocol,
      port,
      targetPort,
      nodePort: nodePort || undefined,
      appProtocol: f.str(m.appProtocol, `${path}.appProtocol`),
    };
  });
  for (let i = 0; i < ports.length; i++)
    for (let j = 0; j < i; j++)
      if (ports[i]!.port === ports[j]!.port && ports[i]!.protocol === ports[j]!.protocol)
        f.ctx.fail(`spec.ports[${i}]`, "Duplicate value", {
          port: ports[i]!.port,
          protocol: ports[i]!.protocol,
        });
  if (type !== "ExternalName" && !headless && ports.length === 0) f.ctx.required("spec.ports");
  if (headless && (type === "NodePort" || type === "LoadBalancer"))
    f.ctx.invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${type} services`);
  let externalName: string | undefined;
  if (type === "ExternalName") {
    externalName = f.str(spec.externalName, "spec.externalName");
    if (!externalName) f.ctx.required("spec.externalName");
    const e = dns1123SubdomainError(externalName.replace(/\.$/, ""));
    if (e) f.ctx.invalid("spec.externalName", externalName, e);
    if (clusterIPs.length && clusterIPs[0] !== "")
      f.ctx.fail("spec.clusterIP", "Forbidden", undefined, "may not be set for ExternalName services");
  }
  const ipFamiliesRaw = f.list(spec.ipFamilies, "spec.ipFamilies").map((x, i) => {
    const v = f.str(x, `spec.ipFamilies[${i}]`) ?? "";
    if (v !== "IPv4" && v !== "IPv6")
      f.ctx.fail(`spec.ipFamilies[${i}]`, "Unsupported value", v, 'supported values: "IPv4", "IPv6"');
    return v;
  });
  const policy = f.str(spec.ipFamilyPolicy, "spec.ipFamilyPolicy");
  if (policy !== undefined && !["SingleStack", "PreferDualStack", "RequireDualStack"].includes(policy))
    f.ctx.fail(
      "spec.ipFamilyPolicy",
      "Unsupported value",
      policy,
      'supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    );
  const sessionAffinity = f.str(spec.sessionAffinity, "spec.sessionAffinity") ?? "None";
  if (sessionAffinity !== "None" && sessionAffinity !== "ClientIP")
    f.ctx.fail(
      "spec.sessionAffinity",
      "Unsupported value",
      sessionAffinity,
      'supported values: "ClientIP", "None"',
    );
  const status = f.map(raw.status, "status");
  const lb = f.map(status.loadBalancer, "status.loadBalancer");
  const ingress = f.list(lb.ingress, "status.loadBalancer.ingress").map((x, i) => {
    const m = f.map(x, `status.loadBalancer.ingress[${i}]`);
    return {
      ip: f.str(m.ip, `status.loadBalancer.ingress[${i}].ip`),
      hostname: f.str(m.hostname, `status.loadBalancer.ingress[${i}].hostname`),
    };
  });
  const svc: Service = {
    kind: "Service",
    metadata,
    spec: {
      type: type as Service["spec"]["type"],
      clusterIP: undefined,
      clusterIPs,
      ipFamilies: ipFamiliesRaw as ("IPv4" | "IPv6")[],
      ipFamilyPolicy: policy as Service["spec"]["ipFamilyPolicy"],
      selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
      ports,
      externalName,
      externalIPs: f
        .list(spec.externalIPs, "spec.externalIPs")
        .map((x, i) => f.str(x, `spec.externalIPs[${i}]`) ?? ""),
      publishNotReadyAddresses:
        f.bool(spec.publishNotReadyAddresses, "spec.publishNotReadyAddresses") ?? false,
      sessionAffinity: sessionAffinity as "None" | "ClientIP",
      sessionAffinityTimeoutSeconds:
        sessionAffinity === "ClientIP"
          ? (f.int(
              f.map(
                f.map(spec.sessionAffinityConfig, "spec.sessionAffinityConfig").clientIP,
                "spec.sessionAffinityConfig.clientIP",
              ).timeoutSeconds,
              "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            ) ?? 10800)
          : undefined,
      externalTrafficPolicy:
        type === "NodePort" || type === "LoadBalancer"
          ? ((f.str(spec.externalTrafficPolicy, "spec.externalTrafficPolicy") ?? "Cluster") as
              "Cluster" | "Local")
          : undefined,
      internalTrafficPolicy:
        type === "ExternalName"
          ? undefined
          : ((f.str(spec.internalTrafficPolicy, "spec.internalTrafficPolicy") ?? "Cluster") as
              "Cluster" | "Local"),
      loadBalancerIP: f.str(spec.loadBalancerIP, "spec.loadBalancerIP"),
      trafficDistribution: f.str(spec.trafficDistribution, "spec.trafficDistribution"),
    },
    status: { loadBalancer: { ingress } },
  };
  if (type === "ExternalName") {
    svc.spec.clusterIPs = [];
    svc.spec.ipFamilies = [];
    svc.spec.ipFamilyPolicy = undefined;
  } else {
    api.allocateClusterIPs(f.ctx, svc, previous);
    svc.spec.clusterIP = svc.spec.clusterIPs[0];
    api.allocateNodePorts(f.ctx, svc, previous);
  }
  return svc;
}

function admitEndpointSlice(f: Fields, metadata: ObjectMeta, raw: Raw): EndpointSlice {
  const addressType = f.str(raw.addressType, "addressType");
  if (!addressType) f.ctx.required("addressType");
  if (!["IPv4", "IPv6", "FQDN"].includes(addressType))
    f.ctx.fail("addressType", "Unsupported value", addressType, 'supported values: "FQDN", "IPv4", "IPv6"');
  const endpoints: Endpoint[] = f.list(raw.endpoints, "endpoints").map((e, i) => {
    const p = `endpoints[${i}]`;
    const m = f.map(e, p);
    const addresses = f.list(m.addresses, `${p}.addresses`).map((a, j) => {
      const s = f.str(a, `${p}.addresses[${j}]`) ?? "";
      if (addressType !== "FQDN") {
        const fam = ipFamily(s);
        if (fam === undefined || (fam === 4) !== (addressType === "IPv4"))
          f.ctx.invalid(`${p}.addresses[${j}]`, s, `must be a valid ${addressType} address`);
        return canonicalIp(s)!;
      }
      return s;
    });
    if (addresses.length === 0) f.ctx.required(`${p}.addresses`, "must contain at least 1 address");
    const c = f.map(m.conditions, `${p}.conditions`);
    const t = f.map(m.targetRef, `${p}.targetRef`);
    return {
      addresses,
      conditions: {
        ready: f.bool(c.ready, `${p}.conditions.ready`),
        serving: f.bool(c.serving, `${p}.conditions.serving`),
        terminating: f.bool(c.terminating, `${p}.conditions.terminating`),
      },
      hostname: f.str(m.hostname, `${p}.hostname`),
      nodeName: f.str(m.nodeName, `${p}.nodeName`),
      zone: f.str(m.zone, `${p}.zone`),
      targetRef: isMap(m.targetRef)
        ? {
            kind: f.str(t.kind, `${p}.targetRef.kind`) ?? "Pod",
            namespace: f.str(t.namespace, `${p}.targetRef.namespace`) ?? metadata.namespace,
            name: f.str(t.name, `${p}.targetRef.name`) ?? "",
            uid: f.str(t.uid, `${p}.targetRef.uid`),
          }
        : undefined,
    };
  });
  const ports: EndpointPort[] = f
    .list(raw.ports, "ports")
    .map((x, i) => readEndpointPort(f, x, `ports[${i}]`));
  return {
    kind: "EndpointSlice",
    metadata,
    addressType: addressType as EndpointSlice["addressType"],
    endpoints,
    ports,
    managed: metadata.labels["endpointslice.kubernetes.io/managed-by"] === "endpointslice-controller.k8s.io",
  };
}

function readEndpointPort(f: Fields, x: unknown, p: string): EndpointPort {
  const m = f.map(x, p);
  const port = f.int(m.port, `${p}.port`);
  if (port !== undefined) validPort(f, port, `${p}.port`);
  return {
    name: f.str(m.name, `${p}.name`) ?? "",
    port,
    protocol: m.protocol === undefined ? "TCP" : readProtocol(f, m.protocol, `${p}.protocol`),
    appProtocol: f.str(m.appProtocol, `${p}.appProtocol`),
  };
}

/**
 * v1 Endpoints become an EndpointSlice as the EndpointSliceMirroring controller writes it
 * (pkg/controller/endpointslicemirroring): one slice per subset and address family, named
 * `<name>-mirror…` here with a stable suffix, labelled with the service name and managed-by
 * endpointslicemirroring-controller.k8s.io; addresses → ready, notReadyAddresses → not ready.
 * Only the first subset/family is kept in one slice per family; multi-subset Endpoints get one slice each.
 */
function mirrorEndpoints(f: Fields, metadata: ObjectMeta, raw: Raw): EndpointSlice {
  const subsets = f.list(raw.subsets, "subsets");
  const endpoints: Endpoint[] = [];
  let ports: EndpointPort[] = [];
  let addressType: "IPv4" | "IPv6" | undefined;
  subsets.forEach((s, i) => {
    const m = f.map(s, `subsets[${i}]`);
    const readAddrs = (list: unknown, key: string, ready: boolean) =>
      f.list(list, `subsets[${i}].${key}`).forEach((a, j) => {
        const p = `subsets[${i}].${key}[${j}]`;
        const am = f.map(a, p);
        const ip = f.str(am.ip, `${p}.ip`) ?? "";
        const fam = ipFamily(ip);
        if (fam === undefined) f.ctx.invalid(`${p}.ip`, ip, "must be a valid IP address");
        const t = fam === 4 ? "IPv4" : "IPv6";
        addressType ??= t;
        if (t !== addressType)
          f.ctx.invalid(
            `${p}.ip`,
            ip,
            "the reference engine mirrors one address family per Endpoints object",
          );
        const tr = f.map(am.targetRef, `${p}.targetRef`);
        endpoints.push({
          addresses: [canonicalIp(ip)!],
          conditions: { ready },
          hostname: f.str(am.hostname, `${p}.hostname`),
          nodeName: f.str(am.nodeName, `${p}.nodeName`),
          targetRef: isMap(am.targetRef)
            ? {
                kind: f.str(tr.kind, `${p}.targetRef.kind`) ?? "Pod",
                namespace: f.str(tr.namespace, `${p}.targetRef.namespace`) ?? metadata.namespace,
                name: f.str(tr.name, `${p}.targetRef.name`) ?? "",
              }
            : undefined,
        });
      });
    readAddrs(m.addresses, "addresses", true);
    readAddrs(m.notReadyAddresses, "notReadyAddresses", false);
    const subsetPorts = f
      .list(m.ports, `subsets[${i}].ports`)
      .map((x, j) => readEndpointPort(f, x, `subsets[${i}].ports[${j}]`));
    if (i === 0) ports = subsetPorts;
  });
  const service = metadata.name;
  return {
    kind: "EndpointSlice",
    metadata: {
      ...metadata,
      name: `${service}-mirror`,
      labels: {
        ...metadata.labels,
        "kubernetes.io/service-name": service,
        "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
      },
    },
    addressType: addressType ?? "IPv4",
    endpoints,
    ports,
    managed: false,
  };
}

function admitNetwork(f: Fields, metadata: ObjectMeta, spec: Raw): OpenShiftNetwork {
  return {
    kind: "Network",
    metadata,
    spec: {
      clusterNetwork: f.list(spec.clusterNetwork, "spec.clusterNetwork").map((x, i) => {
        const m = f.map(x, `spec.clusterNetwork[${i}]`);
        return {
          cidr: f.str(m.cidr, `spec.clusterNetwork[${i}].cidr`) ?? "",
          hostPrefix: f.int(m.hostPrefix, `spec.clusterNetwork[${i}].hostPrefix`) ?? 23,
        };
      }),
      serviceNetwork: f
        .list(spec.serviceNetwork, "spec.serviceNetwork")
        .map((x, i) => f.str(x, `spec.serviceNetwork[${i}]`) ?? ""),
    },
  };
}

function admitWorkload(f: Fields, metadata: ObjectMeta, kind: Workload["kind"], spec: Raw): Workload {
  const template = readPodTemplate(f, spec.template, "spec.template");
  const selector =
    spec.selector === undefined && kind === "Job"
      ? { matchLabels: { ...template.metadata.labels }, matchExpressions: [] }
      : readLabelSelector(f, spec.selector, "spec.selector");
  if (
    kind !== "Job" &&
    Object.keys(selector.matchLabels).length === 0 &&
    selector.matchExpressions.length === 0
  )
    f.ctx.invalid("spec.selector", {}, "empty selector is invalid for deployment");
  // apps validation: the selector must match the template labels.
  const matches =
    Object.entries(selector.matchLabels).every(([k, v]) => template.metadata.labels[k] === v) &&
    selector.matchExpressions.every((r) => {
      const has = r.key in template.metadata.labels;
      if (r.operator === "Exists") return has;
      if (r.operator === "DoesNotExist") return !has;
      if (r.operator === "In") return has && r.values.includes(template.metadata.labels[r.key]!);
      return !has || !r.values.includes(template.metadata.labels[r.key]!);
    });
  if (!matches)
    f.ctx.invalid(
      "spec.template.metadata.labels",
      template.metadata.labels,
      "`selector` does not match template `labels`",
    );
  const replicas = f.int(spec.replicas, "spec.replicas") ?? 1;
  if (replicas < 0) f.ctx.invalid("spec.replicas", replicas, "must be greater than or equal to 0");
  const serviceName = kind === "StatefulSet" ? f.str(spec.serviceName, "spec.serviceName") : undefined;
  const parallelism = kind === "Job" ? (f.int(spec.parallelism, "spec.parallelism") ?? 1) : undefined;
  const completions = kind === "Job" ? f.int(spec.completions, "spec.completions") : undefined;
  return {
    kind,
    metadata,
    spec: {
      replicas: kind === "Job" ? Math.min(parallelism ?? 1, completions ?? parallelism ?? 1) : replicas,
      selector,
      template,
      serviceName,
      parallelism,
    },
  };
}

export { PROTOCOLS };

/** The modelled kind nearest to a misspelt one (edit distance ≤ 2, case-insensitive), for the error. */
function closestKind(kind: string): string | undefined {
  const d = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return row[b.length]!;
  };
  let best: [string, number] | undefined;
  for (const k of Object.keys(KINDS)) {
    const n = d(kind.toLowerCase(), k.toLowerCase());
    if (n <= 2 && (!best || n < best[1])) best = [k, n];
  }
  return best?.[0];
}
