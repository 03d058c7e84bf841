/**
 * Policy applied to one packet, after kube-proxy's DNAT (policy is enforced on the endpoint pod IP;
 * netpol-semantics.md trap 12): the source's egress first, then the destination's ingress, each
 * through every tier (AdminNetworkPolicy, NetworkPolicy, BaselineAdminNetworkPolicy:
 * policy-tiers.ts) and recorded as a hop naming the policies that decided.
 */
import type { Pod, Protocol } from "../cluster/index.js";
import type { Flow } from "./netpol.js";
import { judgeTiers as judge } from "./policy-tiers.js";
import type { PathContext, Trace } from "./path-context.js";
import type { ConnectResult } from "./types.js";

/** Egress then ingress; the direction that denied, or undefined when both allow. */
export function policyHops(ctx: PathContext, flow: Flow, trace: Trace): ConnectResult["deniedBy"] {
  for (const direction of ["Egress", "Ingress"] as const) {
    const v = judge(ctx.view, flow, direction, ctx.profile);
    const hop = direction === "Egress" ? "policy-egress" : "policy-ingress";
    const names = v.policies.length ? v.policies : ["none"];
    for (const n of names)
      trace.hops.push({ hop, args: [n, v.allowed ? "allow" : "deny"], detail: v.reason });
    trace.reasons.push(v.reason);
    if (!v.allowed) return direction === "Egress" ? "egress" : "ingress";
  }
  return undefined;
}

/** The egress hop alone: traffic leaving the cluster meets no ingress policy. */
export function egressHop(ctx: PathContext, flow: Flow, trace: Trace): boolean {
  const e = judge(ctx.view, flow, "Egress", ctx.profile);
  const names = e.policies.length ? e.policies : ["none"];
  for (const n of names)
    trace.hops.push({ hop: "policy-egress", args: [n, e.allowed ? "allow" : "deny"], detail: e.reason });
  trace.reasons.push(e.reason);
  return e.allowed;
}

/** NetworkPolicy's verdict on one packet between two pods (egress of `src`, then ingress of `dst`). */
export function policyAllows(
  ctx: PathContext,
  src: Pod,
  dst: Pod,
  port: number,
  protocol: Protocol,
): { allowed: boolean; reason: string } {
  const flow = { src, dst, port, protocol };
  const e = judge(ctx.view, flow, "Egress", ctx.profile);
  if (!e.allowed) return { allowed: false, reason: e.reason };
  const i = judge(ctx.view, flow, "Ingress", ctx.profile);
  return { allowed: i.allowed, reason: i.reason };
}
