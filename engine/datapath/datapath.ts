/**
 * The datapath facade: a connection from a pod, a node or an outside client to a pod, a service, a
 * node port, an address or a DNS name. Services go through kube-proxy's translation (kube-proxy.ts,
 * shared with the engine's DNS query path), then NetworkPolicy applies to the translated packet
 * (policy-hops.ts), with a hop trace. Not modelled: CNI-specific profiles other than those in
 * cni-profiles.ts (requests for one fail loudly), what answers at addresses outside the cluster.
 */
import type { ClusterView, Pod, Protocol } from "../cluster/index.js";
import { cniProfile } from "./cni-profiles.js";
import { toOutside, toPod } from "./delivery.js";
import {
  DatapathError,
  unsupported,
  type DatapathOptions,
  type PathContext,
  type Trace,
} from "./path-context.js";
import { key, nodeIp, podPort, sourcePod } from "./peers.js";
import { policyAllows } from "./policy-hops.js";
import { reachTable } from "./reach.js";
import { toExternalIp, toNodePort, toService } from "./service-path.js";
import type { ConnectRequest, ConnectResult, Hop, ReachRequest, ReachTable } from "./types.js";

export type { DatapathOptions } from "./path-context.js";
export { DatapathError } from "./path-context.js";

export interface Datapath {
  connect(req: ConnectRequest): ConnectResult;
  reach(req: ReachRequest): ReachTable;
  /** NetworkPolicy's verdict on one packet between two pods (egress of `src`, then ingress of `dst`). */
  policyAllows(src: Pod, dst: Pod, port: number, protocol: Protocol): { allowed: boolean; reason: string };
}

export function createDatapath(view: ClusterView, options: DatapathOptions): Datapath {
  let ctx: PathContext;
  try {
    ctx = { view, profile: cniProfile(options.cni), options };
  } catch (e) {
    throw new DatapathError((e as Error).message);
  }
  return {
    policyAllows: (src, dst, port, protocol) => policyAllows(ctx, src, dst, port, protocol),
    connect: (req) => connect(ctx, req),
    reach: (req) => reachTable(ctx, req),
  };
}

function firstHops(req: ConnectRequest, src: Pod): Hop[] {
  if (req.from.kind === "pod")
    return [
      { hop: "pod", args: [key(src)], detail: src.status.podIP ?? "" },
      { hop: "node", args: [src.spec.nodeName ?? ""], detail: "" },
    ];
  if (req.from.kind === "node")
    return [{ hop: "node", args: [req.from.name], detail: src.status.podIP ?? "" }];
  return [{ hop: "external", args: [req.from.ip], detail: "" }];
}

function connect(ctx: PathContext, req: ConnectRequest): ConnectResult {
  const { view } = ctx;
  const src = sourcePod(view, req.from);
  const trace: Trace = { hops: firstHops(req, src), reasons: [] };
  const to = req.to;
  switch (to.kind) {
    case "pod": {
      const dst = view.pod(to.namespace, to.name);
      if (!dst) throw new DatapathError(`pods "${to.name}" not found in namespace "${to.namespace}"`);
      const port = podPort(dst, req.port, req.protocol);
      if (port === undefined)
        throw new DatapathError(
          `pod ${key(dst)} has no container port named "${req.port}" for ${req.protocol}`,
        );
      return toPod(ctx, src, dst, { port, protocol: req.protocol }, trace, [key(dst)]);
    }
    case "service": {
      const svc = view.service(to.namespace, to.name);
      if (!svc) throw new DatapathError(`services "${to.name}" not found in namespace "${to.namespace}"`);
      return toService(ctx, src, svc, req.port, req.protocol, trace);
    }
    case "node": {
      const node = view.node(to.name);
      if (!node) throw new DatapathError(`nodes "${to.name}" not found`);
      return toNodePort(ctx, src, node, req.port, req.protocol, trace);
    }
    case "ip":
      return toAddress(ctx, src, to.ip, req, trace);
    case "name":
      return toName(ctx, to.name, req, trace);
    default:
      return unsupported(`a connection to ${JSON.stringify(to)}`);
  }
}

/** An address: a cluster IP, a node, an external or LoadBalancer IP, a pod, or outside the cluster. */
function toAddress(ctx: PathContext, src: Pod, ip: string, req: ConnectRequest, trace: Trace): ConnectResult {
  const { view } = ctx;
  const svc = view.servicesByClusterIP(ip)[0];
  if (svc) return toService(ctx, src, svc, req.port, req.protocol, trace);
  const node = [...view.nodes()].find((n) => nodeIp(n) === ip);
  if (node) return toNodePort(ctx, src, node, req.port, req.protocol, trace);
  const ext = [...view.services()].find(
    (s) =>
      s.spec.externalIPs.includes(ip) ||
      (s.spec.type === "LoadBalancer" && s.status.loadBalancer.ingress.some((i) => i.ip === ip)),
  );
  if (ext) return toExternalIp(ctx, src, ext, ip, req.port, req.protocol, trace);
  const dst = view.podsByIP(ip).find((p) => !p.spec.hostNetwork);
  if (dst && typeof req.port === "number")
    return toPod(ctx, src, dst, { port: req.port, protocol: req.protocol }, trace, [key(dst)]);
  if (typeof req.port !== "number") return unsupported(`a named port to ${ip}`);
  return toOutside(ctx, src, ip, { port: req.port, protocol: req.protocol }, trace);
}

/** A DNS name: resolved through the source's own resolver first (so DNS egress policy applies). */
function toName(ctx: PathContext, name: string, req: ConnectRequest, trace: Trace): ConnectResult {
  if (!ctx.options.resolveName) return unsupported("connecting by DNS name");
  const r = ctx.options.resolveName(req.from, name);
  trace.reasons.push(...r.reasons);
  const ip = r.ips[0];
  if (!ip)
    return {
      verdict: "timeout",
      candidates: [],
      hops: trace.hops,
      reasons: [...trace.reasons, `"${name}" did not resolve`],
    };
  const result = connect(ctx, { ...req, to: { kind: "ip", ip } });
  return { ...result, reasons: [...trace.reasons, ...result.reasons] };
}
