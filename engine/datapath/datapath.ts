/**
 * The datapath facade: kube-proxy's ClusterIP translation (iptables mode: a uniformly random ready
 * endpoint, pkg/proxy/iptables/proxier.go), then NetworkPolicy on the translated packet (policy is
 * enforced on the endpoint pod IP after DNAT; netpol-semantics.md trap 12), with a hop trace.
 * Not modelled yet (issue 4): NodePort/LoadBalancer/externalIPs, traffic policies, session affinity,
 * terminating fallback, SNAT to node IPs, hairpin and CNI profiles; those requests fail loudly.
 */
import type { ClusterView, Pod, Protocol, Service } from "../cluster/index.js";
import type { Rng } from "../support/index.js";
import { judge, PolicyIndex, type Flow } from "./netpol.js";
import type { ConnectRequest, ConnectResult, Endpoint, Hop, ReachRequest, ReachTable } from "./types.js";

export interface DatapathOptions {
  cni?: string;
  proxyMode?: "iptables" | "ipvs" | "nftables";
  rng: Rng;
  resolveName?: (from: Endpoint, name: string) => { ips: string[]; reasons: string[] };
  /**
   * Fault hooks: why a packet from `src` to `dst` is lost on the way (a down node, a partition), and
   * the candidates kube-proxy on the source's node uses for a service port when its rules are stale.
   */
  lost?: (src: Pod, dst: Pod) => string | undefined;
  staleBackends?: (src: Pod, svc: Service, portName: string, protocol: Protocol) => Pod[] | undefined;
}

export interface Datapath {
  connect(req: ConnectRequest): ConnectResult;
  reach(req: ReachRequest): ReachTable;
}

export class DatapathError extends Error {}

const key = (p: { metadata: { namespace: string; name: string } }) =>
  `${p.metadata.namespace}/${p.metadata.name}`;

/** The port a pod serves for a number or a container-port name (per protocol). */
function podPort(pod: Pod, port: number | string, protocol: Protocol): number | undefined {
  if (typeof port === "number") return port;
  for (const c of pod.spec.containers)
    for (const p of c.ports) if (p.name === port && p.protocol === protocol) return p.containerPort;
  return undefined;
}

/** Declared containerPorts are what listens; a pod declaring none is assumed to serve any port. */
function listens(pod: Pod, port: number, protocol: Protocol): boolean {
  const declared = pod.spec.containers.flatMap((c) => c.ports);
  return declared.length === 0 || declared.some((p) => p.containerPort === port && p.protocol === protocol);
}

export function createDatapath(view: ClusterView, options: DatapathOptions): Datapath {
  const unsupported = (what: string): never => {
    throw new DatapathError(`${what} is not modelled by the reference datapath yet`);
  };

  function sourcePod(from: Endpoint): Pod {
    if (from.kind !== "pod") return unsupported(`a connection from a ${from.kind}`);
    const pod = view.pod(from.namespace, from.name);
    if (!pod) throw new DatapathError(`pods "${from.name}" not found in namespace "${from.namespace}"`);
    return pod;
  }

  function policyHops(flow: Flow, hops: Hop[], reasons: string[]): ConnectResult["deniedBy"] {
    for (const direction of ["Egress", "Ingress"] as const) {
      const v = judge(view, flow, direction);
      const hop = direction === "Egress" ? "policy-egress" : "policy-ingress";
      const names = v.policies.length ? v.policies : ["none"];
      for (const n of names) hops.push({ hop, args: [n, v.allowed ? "allow" : "deny"], detail: v.reason });
      reasons.push(v.reason);
      if (!v.allowed) return direction === "Egress" ? "egress" : "ingress";
    }
    return undefined;
  }

  function toPod(
    src: Pod,
    dst: Pod,
    port: number,
    protocol: Protocol,
    hops: Hop[],
    reasons: string[],
    candidates: string[],
  ): ConnectResult {
    if (src.spec.nodeName !== dst.spec.nodeName)
      hops.push({
        hop: "route",
        args: [dst.spec.nodeName ?? ""],
        detail: `${src.spec.nodeName} → ${dst.spec.nodeName}`,
      });
    const lost = options.lost?.(src, dst);
    if (lost) {
      reasons.push(lost);
      return {
        verdict: "timeout",
        candidates,
        sourceIp: src.status.podIP,
        destinationIp: dst.status.podIP,
        hops,
        reasons,
      };
    }
    const denied = policyHops({ src, dst, port, protocol }, hops, reasons);
    const base = { candidates, sourceIp: src.status.podIP, destinationIp: dst.status.podIP, hops, reasons };
    if (denied) return { verdict: "denied", deniedBy: denied, ...base };
    if (!listens(dst, port, protocol)) {
      reasons.push(`${key(dst)} does not serve ${port}/${protocol}`);
      return { verdict: protocol === "TCP" ? "refused" : "timeout", ...base };
    }
    hops.push({ hop: "pod", args: [key(dst)], detail: `${dst.status.podIP}:${port}` });
    return { verdict: "allowed", landedOn: key(dst), ...base };
  }

  function toService(
    src: Pod,
    svc: Service,
    port: number | string,
    protocol: Protocol,
    hops: Hop[],
    reasons: string[],
  ): ConnectResult {
    if (svc.spec.type === "ExternalName")
      return unsupported("connecting to an ExternalName service (no proxying; it is DNS only)");
    if (svc.spec.clusterIP === "None") return unsupported("connecting to a headless service (no virtual IP)");
    const sp = svc.spec.ports.find(
      (p) => (typeof port === "number" ? p.port === port : p.name === port) && p.protocol === protocol,
    );
    const vip = svc.spec.clusterIPs[0];
    if (!sp) {
      reasons.push(
        `service ${key(svc)} has no port ${port}/${protocol}: kube-proxy installs no rule, the packet to ${vip} goes nowhere`,
      );
      return { verdict: "timeout", candidates: [], hops, reasons };
    }
    const backends: { pod: Pod; port: number }[] = [];
    for (const slice of view.endpointSlicesFor(svc.metadata.namespace, svc.metadata.name)) {
      const ep = slice.ports.find((p) => (p.name ?? "") === sp.name && (p.protocol ?? "TCP") === protocol);
      if (ep?.port === undefined) continue;
      for (const e of slice.endpoints) {
        if (e.conditions.ready === false || !e.targetRef) continue;
        const pod = view.pod(e.targetRef.namespace, e.targetRef.name);
        if (pod) backends.push({ pod, port: ep.port });
      }
    }
    const stale = options.staleBackends?.(src, svc, sp.name ?? "", protocol);
    if (stale) {
      reasons.push(
        `kube-proxy on ${src.spec.nodeName} is down: it still uses the endpoints from before the fault`,
      );
      const ports = new Map(backends.map((b) => [key(b.pod), b.port]));
      backends.splice(
        0,
        backends.length,
        ...stale.map((pod) => ({ pod, port: ports.get(key(pod)) ?? sp.port })),
      );
    }
    const candidates = backends.map((b) => key(b.pod));
    if (backends.length === 0) {
      reasons.push(`service ${key(svc)} has no ready endpoints: kube-proxy rejects the connection`);
      return { verdict: "rejected", candidates, hops, reasons };
    }
    const pick = backends[options.rng.int(backends.length)]!;
    hops.push({
      hop: "service-dnat",
      args: [key(svc)],
      detail: `${vip}:${sp.port} → ${pick.pod.status.podIP}:${pick.port}`,
    });
    reasons.push(
      `kube-proxy (${options.proxyMode ?? "iptables"}) picked ${key(pick.pod)} of ${backends.length} ready endpoint(s)`,
    );
    return toPod(src, pick.pod, pick.port, protocol, hops, reasons, candidates);
  }

  return {
    connect(req) {
      const src = sourcePod(req.from);
      const hops: Hop[] = [{ hop: "pod", args: [key(src)], detail: src.status.podIP ?? "" }];
      hops.push({ hop: "node", args: [src.spec.nodeName ?? ""], detail: "" });
      const reasons: string[] = [];
      const to = req.to;
      if (to.kind === "pod") {
        const dst = view.pod(to.namespace, to.name);
        if (!dst) throw new DatapathError(`pods "${to.name}" not found in namespace "${to.namespace}"`);
        const port = podPort(dst, req.port, req.protocol);
        if (port === undefined)
          throw new DatapathError(
            `pod ${key(dst)} has no container port named "${req.port}" for ${req.protocol}`,
          );
        return toPod(src, dst, port, req.protocol, hops, reasons, [key(dst)]);
      }
      if (to.kind === "service") {
        const svc = view.service(to.namespace, to.name);
        if (!svc) throw new DatapathError(`services "${to.name}" not found in namespace "${to.namespace}"`);
        return toService(src, svc, req.port, req.protocol, hops, reasons);
      }
      if (to.kind === "ip") {
        const svc = view.servicesByClusterIP(to.ip)[0];
        if (svc) return toService(src, svc, req.port, req.protocol, hops, reasons);
        const dst = view.podsByIP(to.ip).find((p) => !p.spec.hostNetwork);
        if (dst && typeof req.port === "number")
          return toPod(src, dst, req.port, req.protocol, hops, reasons, [key(dst)]);
        return unsupported(`a connection to ${to.ip} (outside the pod and service networks)`);
      }
      if (to.kind === "name") {
        if (!options.resolveName) return unsupported("connecting by DNS name");
        const r = options.resolveName(req.from, to.name);
        reasons.push(...r.reasons);
        const ip = r.ips[0];
        if (!ip)
          return {
            verdict: "timeout",
            candidates: [],
            hops,
            reasons: [...reasons, `"${to.name}" did not resolve`],
          };
        const result = this.connect({ ...req, to: { kind: "ip", ip } });
        return { ...result, reasons: [...reasons, ...result.reasons] };
      }
      return unsupported(`a connection to a ${to.kind}`);
    },

    reach(req) {
      const all = req.pods.length
        ? req.pods.map((ref) => {
            const [ns, name] = ref.split("/");
            const pod = view.pod(ns!, name!);
            if (!pod) throw new DatapathError(`pods "${name}" not found in namespace "${ns}"`);
            return pod;
          })
        : [...view.pods()]
            .filter(
              (p) =>
                p.status.podIP &&
                !p.spec.hostNetwork &&
                p.metadata.namespace !== "kube-system" &&
                !p.metadata.namespace.startsWith("openshift-"),
            )
            .sort((a, b) => (key(a) < key(b) ? -1 : 1));
      const index = new PolicyIndex(view);
      const allowed: (boolean | null)[][] = [];
      for (const src of all) {
        const row: (boolean | null)[] = [];
        for (const dst of all) {
          if (src === dst && req.selfVerdict !== "evaluate") {
            // Traffic to self is undefined (k8s#95879); upstream e2e does not score the diagonal.
            row.push(null);
            continue;
          }
          const port = podPort(dst, req.port, req.protocol);
          if (port === undefined) {
            row.push(false);
            continue;
          }
          const flow = { src, dst, port, protocol: req.protocol };
          row.push(index.allows(flow, "Egress") && index.allows(flow, "Ingress"));
        }
        allowed.push(row);
      }
      const reasonOf = (from: number, to: number): string => {
        const src = all[from];
        const dst = all[to];
        if (!src || !dst || allowed[from]![to] !== false) return "";
        const port = podPort(dst, req.port, req.protocol);
        if (port === undefined) return `${key(dst)} has no port named "${req.port}" for ${req.protocol}`;
        const flow = { src, dst, port, protocol: req.protocol };
        const e = judge(view, flow, "Egress");
        return e.allowed ? judge(view, flow, "Ingress").reason : e.reason;
      };
      return { pods: all.map(key), allowed, reasonOf };
    },
  };
}
