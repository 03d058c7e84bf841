/**
 * What the reference engine's node side decided — the nodes with their pod CIDRs and addresses, each
 * pod's node, IPs, phase and conditions, the effective Corefile and the DNS addon's objects — as plain
 * data. The local target has a real API server and controllers but no kubelet, scheduler or CNI; it
 * writes these decisions into the API server as those components would, so pinned values in manifests
 * (status.podIP, conditions) hold there too and answers stay comparable with the reference target.
 */
import type { Engine } from "../../../engine/index.js";

export interface KubeletNode {
  name: string;
  labels: Record<string, string>;
  podCIDRs: string[];
  addresses: { type: string; address: string }[];
  ready: boolean;
}

export interface KubeletPod {
  namespace: string;
  name: string;
  nodeName?: string;
  hostIP?: string;
  podIPs: string[];
  phase: string;
  /** Being deleted gracefully (the reference still counts it as terminating). */
  terminating: boolean;
  conditions: { type: string; status: string; reason?: string }[];
}

export interface KubeletView {
  /** Cluster domain without the trailing dot. */
  domain: string;
  serviceCidrs: string[];
  /** The cluster DNS Service (kube-system/kube-dns, openshift-dns/dns-default). */
  dnsService: { namespace: string; name: string };
  /** Addresses that reach cluster DNS: the Service's cluster IPs and its pods' IPs. */
  dnsServers: string[];
  nodes: KubeletNode[];
  /** By `namespace/name`. */
  pods: Map<string, KubeletPod>;
  /**
   * The Corefile CoreDNS runs now: the ConfigMap's (kube-system/coredns, openshift-dns/dns-default)
   * once the reload plugin has picked it up, the previous one before.
   */
  corefile?: string;
  /**
   * `namespace/service` → what its EndpointSlices hold, as sorted `address ready serving terminating`
   * lines: what the real EndpointSlice controller should converge to once the pods' status is written.
   */
  endpoints: Map<string, string[]>;
  /** The DNS addon as manifests (kube-dns Service, CoreDNS pods) with what the API would assign stripped. */
  dnsAddon: Record<string, unknown>[];
}

export function kubeletView(engine: Engine): KubeletView {
  const view = engine.view;
  const nodes = [...view.nodes()].map((n) => ({
    name: n.metadata.name,
    labels: { ...n.metadata.labels },
    podCIDRs: [...n.spec.podCIDRs],
    addresses: n.status.addresses.map((a) => ({ ...a })),
    ready: n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
  }));
  const pods = new Map<string, KubeletPod>();
  for (const p of view.pods())
    pods.set(`${p.metadata.namespace}/${p.metadata.name}`, {
      namespace: p.metadata.namespace,
      name: p.metadata.name,
      nodeName: p.spec.nodeName,
      hostIP: p.status.hostIP,
      podIPs: [...p.status.podIPs],
      phase: p.status.phase,
      terminating: p.metadata.deletionMs !== undefined,
      conditions: p.status.conditions.map((c) => ({ type: c.type, status: c.status })),
    });
  const cm = view.configMap("kube-system", "coredns") ?? view.configMap("openshift-dns", "dns-default");
  const dnsAddon: Record<string, unknown>[] = [];
  const dnsServers: string[] = [];
  const { namespace, name } = view.info.dnsService;
  const svc = view.service(namespace, name);
  const svcManifest = engine.get({ kind: "Service", namespace, name });
  if (svc && svcManifest) {
    dnsAddon.push(strip(svcManifest));
    dnsServers.push(...svc.spec.clusterIPs.filter((ip) => ip !== "None"));
    for (const p of view.podsIn(namespace))
      if (
        svc.spec.selector &&
        Object.entries(svc.spec.selector).every(([k, v]) => p.metadata.labels[k] === v)
      ) {
        const pm = engine.get({ kind: "Pod", namespace, name: p.metadata.name });
        if (pm) dnsAddon.push(strip(pm));
        dnsServers.push(...p.status.podIPs);
      }
  }
  const endpoints = new Map<string, string[]>();
  for (const slice of view.endpointSlices()) {
    const svc = slice.metadata.labels["kubernetes.io/service-name"];
    if (!svc) continue;
    const key = `${slice.metadata.namespace}/${svc}`;
    const lines = endpoints.get(key) ?? [];
    for (const e of slice.endpoints) lines.push(...e.addresses.map((a) => endpointLine(a, e.conditions)));
    endpoints.set(key, lines.sort());
  }
  return {
    domain: view.info.domain,
    endpoints,
    serviceCidrs: [...view.info.serviceCidrs],
    dnsService: { namespace, name },
    dnsServers,
    nodes,
    pods,
    corefile: engine.coredns().corefile || cm?.data.Corefile,
    dnsAddon,
  };
}

/** One endpoint address with its conditions, unset read as the API's consumers read them. */
export function endpointLine(
  address: string,
  c: { ready?: boolean; serving?: boolean; terminating?: boolean } = {},
): string {
  const ready = c.ready !== false;
  return `${address} ${ready} ${c.serving ?? ready} ${c.terminating === true}`;
}

/** A manifest as a user would write it: no status, uid, owner or server-set metadata. */
function strip(m: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(m);
  delete out.status;
  const meta = out.metadata as Record<string, unknown> | undefined;
  if (meta)
    for (const k of [
      "uid",
      "resourceVersion",
      "creationTimestamp",
      "ownerReferences",
      "generation",
      "managedFields",
    ])
      delete meta[k];
  return out;
}
