/**
 * The last steps of a packet: to a pod (the route between nodes, faults on the way, NetworkPolicy,
 * a listening port) or out of the cluster (egress policy, then the masquerade to the node address).
 */
import type { Pod } from "../cluster/index.js";
import { key, listens, nodeIp, syntheticSource } from "./peers.js";
import type { PathContext, PortSpec, Trace } from "./path-context.js";
import { egressHop, policyHops } from "./policy-hops.js";
import type { ConnectResult } from "./types.js";

/** A packet from `src` reaching pod `dst` on `to.port`; `candidates` are the pods it could have reached. */
export function toPod(
  ctx: PathContext,
  src: Pod,
  dst: Pod,
  to: PortSpec,
  trace: Trace,
  candidates: string[],
): ConnectResult {
  const { hops, reasons } = trace;
  if (src.spec.nodeName !== dst.spec.nodeName)
    hops.push({
      hop: "route",
      args: [dst.spec.nodeName ?? ""],
      detail: `${src.spec.nodeName} → ${dst.spec.nodeName}`,
    });
  const base = { candidates, sourceIp: src.status.podIP, destinationIp: dst.status.podIP, hops, reasons };
  const lost = ctx.options.lost?.(src, dst);
  if (lost) {
    reasons.push(lost);
    return { verdict: "timeout", ...base };
  }
  const denied = policyHops(ctx, { src, dst, port: to.port, protocol: to.protocol }, trace);
  if (denied) return { verdict: "denied", deniedBy: denied, ...base };
  if (!listens(dst, to.port, to.protocol)) {
    reasons.push(`${key(dst)} does not serve ${to.port}/${to.protocol}`);
    return { verdict: to.protocol === "TCP" ? "refused" : "timeout", ...base };
  }
  hops.push({ hop: "pod", args: [key(dst)], detail: `${dst.status.podIP}:${to.port}` });
  return { verdict: "allowed", landedOn: key(dst), ...base };
}

/**
 * Egress to an address outside the cluster: only the source's egress policy applies (an ipBlock can
 * admit it), and the packet leaves masqueraded to the node's address (the CNI's / kube-proxy's
 * MASQUERADE for traffic leaving the pod network; OVN-Kubernetes' gateway router SNATs the cluster
 * subnet to the node's gateway IP, go-controller/pkg/ovn/gateway.go GatewayInit "Default SNAT rules",
 * unless disableSNATMultipleGWs). What answers out there is not modelled: an allowed connection means
 * it left the cluster.
 */
export function toOutside(ctx: PathContext, src: Pod, ip: string, to: PortSpec, trace: Trace): ConnectResult {
  const { hops, reasons } = trace;
  const outside = syntheticSource(ip, undefined, false);
  if (!egressHop(ctx, { src, dst: outside, port: to.port, protocol: to.protocol }, trace))
    return { verdict: "denied", deniedBy: "egress", candidates: [], hops, reasons, destinationIp: ip };
  const node = src.spec.nodeName ? ctx.view.node(src.spec.nodeName) : undefined;
  const snat = src.spec.hostNetwork || !node ? src.status.podIP : nodeIp(node);
  if (!src.spec.hostNetwork) {
    hops.push({
      hop: "snat",
      args: [snat ?? ""],
      detail: `${src.status.podIP} → ${snat} (masquerade on ${src.spec.nodeName})`,
    });
    const by = ctx.profile.name === "ovn-kubernetes" ? " (the gateway router's SNAT)" : "";
    reasons.push(`leaving the pod network: masqueraded to the node address ${snat}${by}`);
  }
  hops.push({ hop: "external", args: [ip], detail: `${ip}:${to.port}/${to.protocol}` });
  return { verdict: "allowed", candidates: [], hops, reasons, sourceIp: snat, destinationIp: ip };
}
