/**
 * kube-proxy's service translation: the one place that decides which backend a packet to a service
 * reaches, for every kind of traffic (a DNS query to the cluster DNS Service is a UDP packet like any
 * other: kube-proxy does not know it is DNS). Shared by ClusterIP, NodePort, LoadBalancer and
 * externalIPs traffic and by the engine's DNS query path.
 *
 * - Endpoints are categorised as pkg/proxy/topology.go CategorizeEndpoints does: ready endpoints are
 *   used; if none is ready, serving-and-terminating ones are (the ProxyTerminatingEndpoints fallback,
 *   GA in 1.28); traffic policy `Local` (internalTrafficPolicy for traffic from inside,
 *   externalTrafficPolicy for traffic arriving from outside) keeps only the endpoints on the node the
 *   packet is on, ready ones first, else serving-and-terminating local ones.
 * - A service with no usable endpoint anywhere gets a REJECT rule (pkg/proxy/iptables/proxier.go and
 *   nftables/proxier.go: `"%s has no endpoints"`); one whose Local policy finds nothing on this node
 *   gets a DROP (`"%s has no local endpoints"`). IPVS mode has no REJECT for an empty virtual server
 *   (pkg/proxy/ipvs/proxier.go: the service's addresses are in KUBE-CLUSTER-IP, RETURNed by the
 *   KUBE-IPVS-FILTER chain before its REJECT): the packet is simply dropped.
 * - sessionAffinity ClientIP pins a client to one backend (the `recent` match / nftables affinity
 *   set); otherwise a backend is drawn at random (statistic mode random / numgen random) from the
 *   caller's seeded RNG, one draw per packet.
 */
import type { ClusterView, Pod, Protocol, Service, ServicePort } from "../cluster/index.js";
import type { Rng } from "../support/index.js";

export interface Backend {
  pod: Pod;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/**
 * The key of kube-proxy's rules for one service port: pkg/proxy/types.go ServicePortName
 * (`namespace/name:portName`) with its protocol. The one key scheme for live and stale rules alike.
 */
export function servicePortKey(svc: Service, sp: ServicePort, protocol: Protocol): string {
  return `${svc.metadata.namespace}/${svc.metadata.name}:${sp.name ?? ""}/${protocol}`;
}

/** The endpoints kube-proxy has rules for, per servicePortKey (a snapshot when kube-proxy stopped). */
export type ProxyRules = ReadonlyMap<string, readonly Backend[]>;

/** Every endpoint of the service port (ready or not), with its pod and target port. */
export function serviceBackends(
  view: ClusterView,
  svc: Service,
  sp: ServicePort,
  protocol: Protocol,
): Backend[] {
  const out: Backend[] = [];
  for (const slice of view.endpointSlicesFor(svc.metadata.namespace, svc.metadata.name)) {
    const ep = slice.ports.find((p) => (p.name ?? "") === sp.name && (p.protocol ?? "TCP") === protocol);
    if (ep?.port === undefined) continue;
    for (const e of slice.endpoints) {
      if (!e.targetRef) continue;
      const pod = view.pod(e.targetRef.namespace, e.targetRef.name);
      if (!pod) continue;
      const ready = e.conditions.ready !== false;
      out.push({
        pod,
        port: ep.port,
        ready,
        serving: e.conditions.serving ?? ready,
        terminating: e.conditions.terminating ?? false,
      });
    }
  }
  return out;
}

/** The rules kube-proxy writes for every service port of this moment (what a stopped one keeps). */
export function snapshotRules(view: ClusterView): ProxyRules {
  const rules = new Map<string, Backend[]>();
  for (const svc of view.services())
    for (const sp of svc.spec.ports)
      rules.set(servicePortKey(svc, sp, sp.protocol), serviceBackends(view, svc, sp, sp.protocol));
  return rules;
}

type Selection =
  | { kind: "pool"; pool: Backend[]; why: string; narrowed: boolean }
  | { kind: "reject"; why: string }
  | { kind: "drop"; why: string };

const usable = (b: Backend) => b.ready || (b.serving && b.terminating);

/** CategorizeEndpoints for one packet on `node` under `policy` (topology hints are not modelled). */
function selectBackends(
  backends: readonly Backend[],
  policy: "Cluster" | "Local",
  node: string | undefined,
): Selection {
  if (backends.length === 0) return { kind: "reject", why: "the service has no endpoints: REJECT" };
  // hasAnyEndpoints: a ready or serving-terminating endpoint anywhere in the cluster.
  if (!backends.some(usable)) return { kind: "reject", why: "no ready endpoints: REJECT" };
  let set = backends;
  let where = "";
  if (policy === "Local") {
    set = backends.filter((b) => b.pod.spec.nodeName === node);
    where = ` on ${node}`;
    if (set.length === 0)
      return { kind: "drop", why: `traffic policy Local and no endpoint on ${node}: dropped` };
  }
  const local = policy === "Local";
  const ready = set.filter((b) => b.ready);
  if (ready.length)
    return { kind: "pool", pool: ready, why: `${ready.length} ready endpoint(s)${where}`, narrowed: local };
  const terminating = set.filter((b) => b.serving && b.terminating);
  if (terminating.length)
    return {
      kind: "pool",
      pool: terminating,
      why: `no ready endpoint${where}: falling back to ${terminating.length} serving, terminating endpoint(s)`,
      narrowed: true,
    };
  return { kind: "drop", why: `no ready or serving endpoint${where}: dropped` };
}

/** One backend: the client's pinned one under ClientIP affinity, else a seeded random draw. */
function pickBackend(pool: Backend[], svc: Service, clientIp: string | undefined, rng: Rng): Backend {
  if (svc.spec.sessionAffinity === "ClientIP" && clientIp) {
    // The `recent` match remembers the first choice per client; a stable hash stands in for the
    // first draw so the same client always lands on the same backend within a run.
    let h = 2166136261;
    for (const ch of `${svc.metadata.namespace}/${svc.metadata.name}/${clientIp}`)
      h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return pool[h % pool.length]!;
  }
  return pool[rng.int(pool.length)]!;
}

/** One packet to a service port, as kube-proxy sees it. */
export interface ServicePacket {
  svc: Service;
  sp: ServicePort;
  protocol: Protocol;
  /** The node whose kube-proxy rules handle the packet: the client's, or the one it arrived at. */
  node: string | undefined;
  /** Arrived from outside (NodePort, LoadBalancer IP, externalIP): externalTrafficPolicy applies. */
  external: boolean;
  clientIp: string | undefined;
}

export interface KubeProxyOptions {
  proxyMode?: "iptables" | "ipvs" | "nftables";
  /** The draw for a backend when no affinity pins one. */
  rng: Rng;
  /** The rules a stopped kube-proxy left on a node (kube-proxy-down), if it is stopped there. */
  staleRules?: (node: string) => ProxyRules | undefined;
}

/** kube-proxy's decision for one packet. */
export type Translation =
  | {
      kind: "backend";
      backend: Backend;
      pool: Backend[];
      policy: "Cluster" | "Local";
      /** Why this pool, e.g. `2 ready endpoint(s) on worker-0`. */
      why: string;
      /** A traffic policy or the terminating fallback narrowed the pool (more than "any ready one"). */
      narrowed: boolean;
      /** sessionAffinity ClientIP chose the backend. */
      affinity: boolean;
      /** The node's kube-proxy is stopped: its rules are from before. */
      stale: boolean;
    }
  | { kind: "reject" | "drop"; policy: "Cluster" | "Local"; why: string; stale: boolean };

/** The backend (or REJECT/DROP) kube-proxy on `packet.node` gives a packet to a service port. */
export function translateService(
  view: ClusterView,
  packet: ServicePacket,
  options: KubeProxyOptions,
): Translation {
  const { svc, sp, protocol } = packet;
  const policy =
    (packet.external ? svc.spec.externalTrafficPolicy : svc.spec.internalTrafficPolicy) ?? "Cluster";
  const rules = packet.node ? options.staleRules?.(packet.node) : undefined;
  const stale = rules !== undefined;
  // A service created after kube-proxy stopped has no rule at all on that node.
  const backends = rules
    ? (rules.get(servicePortKey(svc, sp, protocol)) ?? [])
    : serviceBackends(view, svc, sp, protocol);
  const selection = selectBackends(backends, policy, packet.node);
  if (selection.kind === "pool") {
    const backend = pickBackend(selection.pool, svc, packet.clientIp, options.rng);
    const affinity = svc.spec.sessionAffinity === "ClientIP" && packet.clientIp !== undefined;
    const { pool, why, narrowed } = selection;
    return { kind: "backend", backend, pool, policy, why, narrowed, affinity, stale };
  }
  if (selection.kind === "reject" && options.proxyMode === "ipvs")
    return { kind: "drop", policy, why: `${selection.why.replace(/: REJECT$/, "")} (IPVS: dropped)`, stale };
  return { kind: selection.kind, policy, why: selection.why, stale };
}

/**
 * Whether kube-proxy rejects a packet to a cluster IP on a port the Service does not define. nftables
 * mode puts every cluster IP in its `cluster-ips` set and `cluster-ips-check` (hooked to
 * filter-forward and filter-output-post-dnat, so it sees only what no service rule translated)
 * rejects that destination: pkg/proxy/nftables/proxier.go syncProxyRules, "Reject traffic to invalid
 * ports of ClusterIPs". iptables mode installs nothing for it (the packet is routed on untranslated
 * and goes nowhere); IPVS is not modelled here (it binds cluster IPs to kube-ipvs0).
 */
export function rejectsUnservedPort(proxyMode: KubeProxyOptions["proxyMode"]): boolean {
  return proxyMode === "nftables";
}
