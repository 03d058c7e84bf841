/**
 * The datapath facade: kube-proxy's ClusterIP translation (iptables mode: a uniformly random ready
 * endpoint, pkg/proxy/iptables/proxier.go), then NetworkPolicy on the translated packet (policy is
 * enforced on the endpoint pod IP after DNAT; netpol-semantics.md trap 12), with a hop trace.
 * NodePort, LoadBalancer ingress IPs and externalIPs enter the same service logic from outside
 * (kube-proxy.ts: traffic policies, terminating fallback, session affinity), with kube-proxy's SNAT
 * (masquerade under externalTrafficPolicy Cluster and for hairpin traffic). Not modelled: CNI-specific
 * profiles (requests for one fail loudly), traffic to addresses outside the cluster.
 */
import type { ClusterView, Node, Pod, Protocol, Service } from "../cluster/index.js";
import { pickBackend, selectBackends, serviceBackends } from "./kube-proxy.js";
import { cniProfile, type CniProfile } from "./cni-profiles.js";
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
  /** NetworkPolicy's verdict on one packet between two pods (egress of `src`, then ingress of `dst`). */
  policyAllows(src: Pod, dst: Pod, port: number, protocol: Protocol): { allowed: boolean; reason: string };
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

function nodeIp(node: Node): string {
  return node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "";
}

/**
 * A source that is not a pod: a node (host network) or a client outside the cluster. Shaped as a pod
 * outside every namespace so NetworkPolicy sees only its address (ipBlock peers can match it; pod and
 * namespace selectors cannot).
 */
function syntheticSource(ip: string, nodeName: string | undefined, hostNetwork: boolean): Pod {
  return {
    kind: "Pod",
    metadata: {
      name: ip,
      namespace: "\u0000outside",
      uid: `outside/${ip}`,
      labels: {},
      annotations: {},
      creationMs: 0,
      resourceVersion: 0,
      ownerReferences: [],
    },
    spec: { nodeName, hostNetwork, containers: [] },
    status: { phase: "Running", podIP: ip, podIPs: [ip], conditions: [] },
  } as unknown as Pod;
}

export function createDatapath(view: ClusterView, options: DatapathOptions): Datapath {
  let profile: CniProfile;
  try {
    profile = cniProfile(options.cni);
  } catch (e) {
    throw new DatapathError((e as Error).message);
  }
  const unsupported = (what: string): never => {
    throw new DatapathError(`${what} is not modelled by the reference datapath yet`);
  };

  function sourcePod(from: Endpoint): Pod {
    if (from.kind === "node") {
      const node = view.node(from.name);
      if (!node) throw new DatapathError(`nodes "${from.name}" not found`);
      return syntheticSource(nodeIp(node), node.metadata.name, true);
    }
    if (from.kind === "external") return syntheticSource(from.ip, undefined, false);
    const pod = view.pod(from.namespace, from.name);
    if (!pod) throw new DatapathError(`pods "${from.name}" not found in namespace "${from.namespace}"`);
    return pod;
  }

  function policyHops(flow: Flow, hops: Hop[], reasons: string[]): ConnectResult["deniedBy"] {
    for (const direction of ["Egress", "Ingress"] as const) {
      const v = judge(view, flow, direction, profile);
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

  /** How the packet reached kube-proxy: a cluster IP from inside, or from outside on `node`. */
  type Entry =
    | { kind: "cluster-ip" }
    | { kind: "node-port"; node: Node; nodePort: number }
    | { kind: "external-ip"; ip: string; node: Node; via: "LoadBalancer" | "externalIPs" };

  function toService(
    src: Pod,
    svc: Service,
    port: number | string,
    protocol: Protocol,
    hops: Hop[],
    reasons: string[],
    entry: Entry = { kind: "cluster-ip" },
  ): ConnectResult {
    if (svc.spec.type === "ExternalName")
      return unsupported("connecting to an ExternalName service (no proxying; it is DNS only)");
    if (svc.spec.clusterIP === "None" && entry.kind === "cluster-ip")
      return unsupported("connecting to a headless service (no virtual IP)");
    const sp =
      entry.kind === "node-port"
        ? svc.spec.ports.find((p) => p.nodePort === entry.nodePort && p.protocol === protocol)
        : svc.spec.ports.find(
            (p) => (typeof port === "number" ? p.port === port : p.name === port) && p.protocol === protocol,
          );
    const vip =
      entry.kind === "cluster-ip"
        ? svc.spec.clusterIPs[0]
        : entry.kind === "node-port"
          ? nodeIp(entry.node)
          : entry.ip;
    if (!sp) {
      reasons.push(
        `service ${key(svc)} has no port ${port}/${protocol}: kube-proxy installs no rule, the packet to ${vip} goes nowhere`,
      );
      return { verdict: "timeout", candidates: [], hops, reasons };
    }
    // Traffic from outside follows externalTrafficPolicy on the node it arrived at; traffic from
    // inside follows internalTrafficPolicy on the client's node.
    const external = entry.kind !== "cluster-ip";
    const policy = (external ? svc.spec.externalTrafficPolicy : svc.spec.internalTrafficPolicy) ?? "Cluster";
    const at = entry.kind === "cluster-ip" ? src.spec.nodeName : entry.node.metadata.name;
    let backends = serviceBackends(view, svc, sp, protocol);
    const stale = options.staleBackends?.(src, svc, sp.name ?? "", protocol);
    if (stale) {
      reasons.push(
        `kube-proxy on ${src.spec.nodeName} is down: it still uses the endpoints from before the fault`,
      );
      const known = new Map(backends.map((b) => [key(b.pod), b]));
      backends = stale.map(
        (pod) =>
          known.get(key(pod)) ?? { pod, port: sp.port, ready: true, serving: true, terminating: false },
      );
    }
    const selection = selectBackends(backends, policy, at);
    const candidates = selection.kind === "pool" ? selection.pool.map((b) => key(b.pod)) : [];
    const rule =
      entry.kind === "cluster-ip"
        ? "service-dnat"
        : entry.kind === "node-port"
          ? "nodeport-dnat"
          : entry.via === "LoadBalancer"
            ? "loadbalancer-dnat"
            : "externalip-dnat";
    if (selection.kind !== "pool") {
      reasons.push(`service ${key(svc)} (${policy} traffic policy): ${selection.why}`);
      return { verdict: selection.kind === "reject" ? "rejected" : "timeout", candidates, hops, reasons };
    }
    const clientIp = src.status.podIP;
    const pick = pickBackend(selection.pool, svc, clientIp, options.rng);
    hops.push({
      hop: rule,
      args: [key(svc)],
      detail: `${vip}:${entry.kind === "node-port" ? entry.nodePort : sp.port} → ${pick.pod.status.podIP}:${pick.port}`,
    });
    reasons.push(
      `kube-proxy (${options.proxyMode ?? "iptables"}) picked ${key(pick.pod)}: ${selection.why}${svc.spec.sessionAffinity === "ClientIP" ? " (sessionAffinity ClientIP pins this client)" : ""}`,
    );
    // SNAT (proxier.go KUBE-MARK-MASQ): outside traffic under Cluster policy is masqueraded to the
    // node's IP (it may be forwarded to another node); Local keeps the client's address. A pod that
    // reaches itself through its service (hairpin) is masqueraded too (KUBE-SEP: -s <endpoint> -j MASQ).
    let seenFrom = src;
    if (external && policy === "Cluster") {
      seenFrom = syntheticSource(nodeIp(entry.node), entry.node.metadata.name, true);
      reasons.push(`${rule}: externalTrafficPolicy Cluster masquerades the client to ${nodeIp(entry.node)}`);
    } else if (external) {
      reasons.push(`${rule}: externalTrafficPolicy Local keeps the client address ${clientIp}`);
    } else if (pick.pod === src) {
      const node = src.spec.nodeName ? view.node(src.spec.nodeName) : undefined;
      reasons.push(
        `hairpin: ${key(src)} reached itself through ${key(svc)}; kube-proxy masquerades the source`,
      );
      if (profile.serviceLoopback === "node-traffic")
        seenFrom = syntheticSource(
          node ? nodeIp(node) : (src.status.podIP ?? ""),
          src.spec.nodeName ?? "",
          true,
        );
      else if (profile.serviceLoopback === "skip-policy") {
        reasons.push(`${profile.name} skips policy for service loopback (${profile.cite})`);
        hops.push({ hop: "pod", args: [key(pick.pod)], detail: `${pick.pod.status.podIP}:${pick.port}` });
        return {
          verdict: "allowed",
          landedOn: key(pick.pod),
          candidates,
          sourceIp: src.status.podIP,
          destinationIp: pick.pod.status.podIP,
          hops,
          reasons,
        };
      } else
        reasons.push(
          `${profile.name} applies the pod's own policy to its service loopback (${profile.cite})`,
        );
    }
    if (external && seenFrom.spec.nodeName !== pick.pod.spec.nodeName)
      hops.push({
        hop: "route",
        args: [pick.pod.spec.nodeName ?? ""],
        detail: `${at} → ${pick.pod.spec.nodeName}`,
      });
    const result = toPod(seenFrom, pick.pod, pick.port, protocol, hops, reasons, candidates);
    return result;
  }

  /**
   * Egress to an address outside the cluster: only the source's egress policy applies (an ipBlock can
   * admit it), and the packet leaves masqueraded to the node's address (the CNI's / kube-proxy's
   * MASQUERADE for traffic leaving the pod network). What answers out there is not modelled: an
   * allowed connection means it left the cluster.
   */
  function toOutside(
    src: Pod,
    ip: string,
    port: number,
    protocol: Protocol,
    hops: Hop[],
    reasons: string[],
  ): ConnectResult {
    const outside = syntheticSource(ip, undefined, false);
    const e = judge(view, { src, dst: outside, port, protocol }, "Egress", profile);
    const names = e.policies.length ? e.policies : ["none"];
    for (const n of names)
      hops.push({ hop: "policy-egress", args: [n, e.allowed ? "allow" : "deny"], detail: e.reason });
    reasons.push(e.reason);
    if (!e.allowed)
      return { verdict: "denied", deniedBy: "egress", candidates: [], hops, reasons, destinationIp: ip };
    const node = src.spec.nodeName ? view.node(src.spec.nodeName) : undefined;
    const snat = src.spec.hostNetwork || !node ? src.status.podIP : nodeIp(node);
    if (!src.spec.hostNetwork) {
      hops.push({
        hop: "snat",
        args: [snat ?? ""],
        detail: `${src.status.podIP} → ${snat} (masquerade on ${src.spec.nodeName})`,
      });
      reasons.push(`leaving the pod network: masqueraded to the node address ${snat}`);
    }
    hops.push({ hop: "external", args: [ip], detail: `${ip}:${port}/${protocol}` });
    return { verdict: "allowed", candidates: [], hops, reasons, sourceIp: snat, destinationIp: ip };
  }

  /** A packet to NODE:PORT: the service owning that nodePort, entering kube-proxy on that node. */
  function toNodePort(
    src: Pod,
    node: Node,
    port: number | string,
    protocol: Protocol,
    hops: Hop[],
    reasons: string[],
  ): ConnectResult {
    if (typeof port !== "number")
      return unsupported("a named port on a node address (use the nodePort number)");
    const svc = [...view.services()].find((s) =>
      s.spec.ports.some((p) => p.nodePort === port && p.protocol === protocol),
    );
    if (!svc) {
      reasons.push(`no service has nodePort ${port}/${protocol}: nothing listens on ${nodeIp(node)}:${port}`);
      return { verdict: protocol === "TCP" ? "refused" : "timeout", candidates: [], hops, reasons };
    }
    return toService(src, svc, port, protocol, hops, reasons, { kind: "node-port", node, nodePort: port });
  }

  return {
    policyAllows(src, dst, port, protocol) {
      const flow = { src, dst, port, protocol };
      const e = judge(view, flow, "Egress", profile);
      if (!e.allowed) return { allowed: false, reason: e.reason };
      const i = judge(view, flow, "Ingress", profile);
      return { allowed: i.allowed, reason: i.reason };
    },

    connect(req) {
      const src = sourcePod(req.from);
      const hops: Hop[] =
        req.from.kind === "pod"
          ? [
              { hop: "pod", args: [key(src)], detail: src.status.podIP ?? "" },
              { hop: "node", args: [src.spec.nodeName ?? ""], detail: "" },
            ]
          : req.from.kind === "node"
            ? [{ hop: "node", args: [req.from.name], detail: src.status.podIP ?? "" }]
            : [{ hop: "external", args: [req.from.ip], detail: "" }];
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
      if (to.kind === "node") {
        const node = view.node(to.name);
        if (!node) throw new DatapathError(`nodes "${to.name}" not found`);
        return toNodePort(src, node, req.port, req.protocol, hops, reasons);
      }
      if (to.kind === "ip") {
        const svc = view.servicesByClusterIP(to.ip)[0];
        if (svc) return toService(src, svc, req.port, req.protocol, hops, reasons);
        const node = [...view.nodes()].find((n) => nodeIp(n) === to.ip);
        if (node) return toNodePort(src, node, req.port, req.protocol, hops, reasons);
        const ext = [...view.services()].find(
          (s) =>
            s.spec.externalIPs.includes(to.ip) ||
            (s.spec.type === "LoadBalancer" && s.status.loadBalancer.ingress.some((i) => i.ip === to.ip)),
        );
        if (ext) {
          const via = ext.spec.externalIPs.includes(to.ip) ? "externalIPs" : "LoadBalancer";
          // A cloud load balancer health-checks nodes: under externalTrafficPolicy Local only nodes
          // with a local endpoint receive traffic; otherwise it spreads over every node.
          const nodes = [...view.nodes()];
          const eligible =
            (ext.spec.externalTrafficPolicy ?? "Cluster") === "Local"
              ? nodes.filter((n) =>
                  [...view.endpointSlicesFor(ext.metadata.namespace, ext.metadata.name)].some((sl) =>
                    sl.endpoints.some((e) => e.nodeName === n.metadata.name && e.conditions.ready !== false),
                  ),
                )
              : nodes;
          const node = (eligible.length ? eligible : nodes)[
            options.rng.int((eligible.length ? eligible : nodes).length)
          ]!;
          hops.push({
            hop: "node",
            args: [node.metadata.name],
            detail: `${via} ${to.ip} delivered to ${nodeIp(node)}`,
          });
          return toService(src, ext, req.port, req.protocol, hops, reasons, {
            kind: "external-ip",
            ip: to.ip,
            node,
            via,
          });
        }
        const dst = view.podsByIP(to.ip).find((p) => !p.spec.hostNetwork);
        if (dst && typeof req.port === "number")
          return toPod(src, dst, req.port, req.protocol, hops, reasons, [key(dst)]);
        if (typeof req.port !== "number") return unsupported(`a named port to ${to.ip}`);
        return toOutside(src, to.ip, req.port, req.protocol, hops, reasons);
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
      return unsupported(`a connection to ${JSON.stringify(to)}`);
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
      const index = new PolicyIndex(view, profile);
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
        const e = judge(view, flow, "Egress", profile);
        return e.allowed ? judge(view, flow, "Ingress", profile).reason : e.reason;
      };
      return { pods: all.map(key), allowed, reasonOf };
    },
  };
}
