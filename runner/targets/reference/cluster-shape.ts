/**
 * What a real cluster must look like for a suite's cluster block, as the reference engine's profile
 * builds it: the nodes (names, roles, pod CIDRs), the service and pod CIDRs, the cluster domain, the
 * DNS Service and its address, the Corefile, the nodes' own resolv.conf and the kube-proxy mode. The
 * local target builds its real cluster from this, so a spec's pinned node names and the default
 * Corefile mean the same on both (the profile is the one definition of them).
 */
import { createEngine, EngineError } from "../../../engine/index.js";
import type { ClusterSettings } from "../../../dsl/index.js";
import { clusterSpec } from "./admission.js";

export interface ClusterShape {
  profile: ClusterSettings["profile"];
  domain: string;
  serviceCidrs: string[];
  podCidrs: string[];
  nodes: { name: string; podCIDRs: string[]; labels: Record<string, string> }[];
  dnsService: { namespace: string; name: string; clusterIPs: string[] };
  /** CoreDNS pods the profile runs. */
  dnsReplicas: number;
  corefile: string;
  nodeResolvConf: string;
  proxyMode: "iptables" | "ipvs" | "nftables";
}

export function clusterShape(c: ClusterSettings): ClusterShape {
  // The reference cluster of the same block (admission.ts clusterSpec), read for its shape. A Corefile
  // naming a plugin the reference does not model is still real CoreDNS's to run: the shape comes from
  // the profile's cluster and the suite's Corefile is deployed as written.
  let engine: ReturnType<typeof createEngine>;
  let corefile: string | undefined;
  try {
    engine = createEngine(clusterSpec(c), { seed: 1, upstream: [] });
  } catch (e) {
    if (!(e instanceof EngineError) || e.code !== "corefile/unsupported" || !c.corefile) throw e;
    const { corefile: own, ...rest } = c;
    engine = createEngine(clusterSpec(rest), { seed: 1, upstream: [] });
    corefile = own.text;
  }
  const view = engine.view;
  const { namespace, name } = view.info.dnsService;
  const svc = view.service(namespace, name);
  const selector = svc?.spec.selector ?? {};
  const dnsPods = [...view.podsIn(namespace)].filter((p) =>
    Object.entries(selector).every(([k, v]) => p.metadata.labels[k] === v),
  );
  return {
    profile: c.profile,
    domain: view.info.domain,
    serviceCidrs: [...view.info.serviceCidrs],
    podCidrs: [...view.info.podCidrs],
    nodes: [...view.nodes()].map((n) => ({
      name: n.metadata.name,
      podCIDRs: [...n.spec.podCIDRs],
      labels: { ...n.metadata.labels },
    })),
    dnsService: { namespace, name, clusterIPs: svc ? svc.spec.clusterIPs.filter((ip) => ip !== "None") : [] },
    dnsReplicas: dnsPods.length,
    corefile: corefile ?? engine.coredns().corefile,
    nodeResolvConf: nodeResolvConf(engine),
    proxyMode: c.proxyMode ?? "iptables",
  };
}

/**
 * The nodes' own resolv.conf, as a `dnsPolicy: Default` pod gets it from its kubelet (which copies the
 * node's nameservers, search and options: pkg/kubelet/network/dns/dns.go, getHostDNSConfig).
 */
function nodeResolvConf(engine: ReturnType<typeof createEngine>): string {
  const pod = `apiVersion: v1
kind: Pod
metadata: { name: netspec-node-resolv-conf, namespace: default }
spec: { dnsPolicy: Default, containers: [{ name: c, image: pause }] }
`;
  engine.apply([{ path: "<cluster shape>", text: pod, line: 1, column: 0 }]);
  return engine.resolvConf({ namespace: "default", name: "netspec-node-resolv-conf" }).text;
}
