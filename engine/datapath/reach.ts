/**
 * The reachability table between pods (policy only, as the upstream netpol e2e tests score it:
 * AdminNetworkPolicy, NetworkPolicy and BaselineAdminNetworkPolicy tiers). Pods no policy input tells
 * apart share a class (reach-classes.ts): the tiered index judges one pair of representatives per
 * pair of classes and each pod's own cell, so the cost is classes² plus a byte per cell read, not a
 * selector walk per pod pair. Reasons are computed per cell on demand, through the reasoned
 * evaluators, and the boolean matrix only when someone reads `allowed`.
 */
import type { Pod } from "../cluster/index.js";
import { judgeTiers as judge, TieredIndex } from "./policy-tiers.js";
import { DatapathError, type PathContext } from "./path-context.js";
import { key, podPort } from "./peers.js";
import { podClasses } from "./reach-classes.js";
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

/** A table's verdicts: one cell, or one row of the `allowed` matrix. */
interface Verdicts {
  verdict(i: number, j: number): boolean | null;
  row(i: number): (boolean | null)[];
}

/** Judges one representative pair per pair of classes (bytes, class × class) and each pod's own cell. */
function classCells(ctx: PathContext, req: ReachRequest, all: Pod[]) {
  const index = new TieredIndex(ctx.view, ctx.profile);
  const judgePair = (src: Pod, dst: Pod): boolean => {
    const port = podPort(dst, req.port, req.protocol);
    if (port === undefined) return false;
    const flow = { src, dst, port, protocol: req.protocol };
    return index.allows(flow, "Egress") && index.allows(flow, "Ingress");
  };
  const { classOf, reps, seconds } = podClasses(ctx.view, all);
  const k = reps.length;
  const cells = new Uint8Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      // Two distinct pods of one class: the class's second member; none when the class has one pod.
      const dst = a === b ? seconds[a] : reps[b];
      if (dst && judgePair(reps[a]!, dst)) cells[a * k + b] = 1;
    }
  // Traffic to self is undefined (k8s#95879); upstream e2e does not score the diagonal (2 = null).
  const self = new Uint8Array(all.length).fill(2);
  if (req.selfVerdict === "evaluate") all.forEach((p, i) => (self[i] = judgePair(p, p) ? 1 : 0));
  return { classOf, k, cells, self };
}

function verdicts(ctx: PathContext, req: ReachRequest, all: Pod[]): Verdicts {
  const { classOf, k, cells, self } = classCells(ctx, req, all);
  const n = all.length;
  const selfCell = (i: number) => (self[i] === 2 ? null : self[i] === 1);
  // A pod listed twice meets itself off the diagonal too.
  const repeated = new Set(all).size !== n;
  return {
    verdict(i, j) {
      const src = all[i];
      const dst = all[j];
      if (!src || !dst) return null;
      if (src === dst) return selfCell(i);
      return cells[classOf[i]! * k + classOf[j]!] === 1;
    },
    row(i) {
      const base = classOf[i]! * k;
      const row = new Array<boolean | null>(n);
      for (let j = 0; j < n; j++) row[j] = cells[base + classOf[j]!] === 1;
      if (repeated) for (let j = 0; j < n; j++) if (all[j] === all[i]) row[j] = selfCell(i);
      row[i] = selfCell(i);
      return row;
    },
  };
}

export function reachTable(ctx: PathContext, req: ReachRequest): ReachTable {
  const { view, profile } = ctx;
  const all = tablePods(ctx, req);
  const { verdict, row } = verdicts(ctx, req, all);
  let matrix: (boolean | null)[][] | undefined;
  const reasonOf = (from: number, to: number): string => {
    const src = all[from];
    const dst = all[to];
    const allowed = verdict(from, to);
    if (!src || !dst || allowed === null) return "";
    const port = podPort(dst, req.port, req.protocol);
    if (port === undefined) return `${key(dst)} has no port named "${req.port}" for ${req.protocol}`;
    const flow = { src, dst, port, protocol: req.protocol };
    const e = judge(view, flow, "Egress", profile);
    if (!e.allowed) return e.reason;
    const i = judge(view, flow, "Ingress", profile);
    // An allowed cell names both directions' deciders (an ANP Allow is as much a decision as a Deny).
    return allowed ? `${e.reason}; ${i.reason}` : i.reason;
  };
  return {
    pods: all.map(key),
    get allowed() {
      return (matrix ??= all.map((_, i) => row(i)));
    },
    verdict,
    reasonOf,
  };
}
