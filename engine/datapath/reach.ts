/**
 * The reachability table between pods (policy only, as the upstream netpol e2e tests score it:
 * AdminNetworkPolicy, NetworkPolicy and BaselineAdminNetworkPolicy tiers): every ordered pair judged
 * through the tiered index, reasons computed per cell on demand.
 */
import type { Pod } from "../cluster/index.js";
import { judgeTiers as judge, TieredIndex } from "./policy-tiers.js";
import { DatapathError, type PathContext } from "./path-context.js";
import { key, podPort } from "./peers.js";
import type { ReachRequest, ReachTable } from "./types.js";

function tablePods(ctx: PathContext, req: ReachRequest): Pod[] {
  const { view } = ctx;
  if (req.pods.length)
    return req.pods.map((ref) => {
      const [ns, name] = ref.split("/");
      const pod = view.pod(ns!, name!);
      if (!pod) throw new DatapathError(`pods "${name}" not found in namespace "${ns}"`);
      return pod;
    });
  return [...view.pods()]
    .filter(
      (p) =>
        p.status.podIP &&
        !p.spec.hostNetwork &&
        p.metadata.namespace !== "kube-system" &&
        !p.metadata.namespace.startsWith("openshift-"),
    )
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

export function reachTable(ctx: PathContext, req: ReachRequest): ReachTable {
  const { view, profile } = ctx;
  const all = tablePods(ctx, req);
  const index = new TieredIndex(view, profile);
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
    if (!src || !dst || allowed[from]![to] === null) return "";
    const port = podPort(dst, req.port, req.protocol);
    if (port === undefined) return `${key(dst)} has no port named "${req.port}" for ${req.protocol}`;
    const flow = { src, dst, port, protocol: req.protocol };
    const e = judge(view, flow, "Egress", profile);
    if (!e.allowed) return e.reason;
    const i = judge(view, flow, "Ingress", profile);
    // An allowed cell names both directions' deciders (an ANP Allow is as much a decision as a Deny).
    return allowed[from]![to] ? `${e.reason}; ${i.reason}` : i.reason;
  };
  return { pods: all.map(key), allowed, reasonOf };
}
