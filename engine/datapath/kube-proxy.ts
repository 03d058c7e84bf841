/**
 * kube-proxy's choice of backend for a service port (pkg/proxy/iptables/proxier.go, pkg/proxy/topology.go
 * CategorizeEndpoints), shared by ClusterIP, NodePort, LoadBalancer and externalIPs traffic:
 * - traffic policy `Local` (internalTrafficPolicy for traffic from inside, externalTrafficPolicy for
 *   traffic arriving from outside) keeps only endpoints on the node the packet is on; none → DROP;
 * - ready endpoints are used; if none is ready, serving-and-terminating ones are (the
 *   ProxyTerminatingEndpoints fallback, GA in 1.28); if there are none at all the service REJECTs;
 * - sessionAffinity ClientIP pins a client to one backend (the `recent` match); otherwise a backend is
 *   drawn at random (statistic mode random) from the run's seeded RNG.
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

export type Selection =
  | { kind: "pool"; pool: Backend[]; why: string }
  | { kind: "reject"; why: string }
  | { kind: "drop"; why: string };

/** The endpoints kube-proxy would balance over for a packet on `node` under `policy`. */
export function selectBackends(
  backends: Backend[],
  policy: "Cluster" | "Local",
  node: string | undefined,
): Selection {
  if (backends.length === 0) return { kind: "reject", why: "the service has no endpoints: REJECT" };
  let set = backends;
  let where = "";
  if (policy === "Local") {
    set = backends.filter((b) => b.pod.spec.nodeName === node);
    where = ` on ${node}`;
    if (set.length === 0)
      return { kind: "drop", why: `traffic policy Local and no endpoint on ${node}: dropped` };
  }
  const ready = set.filter((b) => b.ready);
  if (ready.length) return { kind: "pool", pool: ready, why: `${ready.length} ready endpoint(s)${where}` };
  const terminating = set.filter((b) => b.serving && b.terminating);
  if (terminating.length)
    return {
      kind: "pool",
      pool: terminating,
      why: `no ready endpoint${where}: falling back to ${terminating.length} serving, terminating endpoint(s)`,
    };
  return policy === "Local"
    ? { kind: "drop", why: `no ready or serving endpoint${where}: dropped` }
    : { kind: "reject", why: "no ready endpoints: REJECT" };
}

/** One backend: the client's pinned one under ClientIP affinity, else a seeded random draw. */
export function pickBackend(pool: Backend[], svc: Service, clientIp: string | undefined, rng: Rng): Backend {
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
