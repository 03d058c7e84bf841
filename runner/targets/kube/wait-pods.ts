/**
 * After an apply on a real cluster: wait until every pod of the case's namespaces has left Pending —
 * scheduled, its sandbox and containers started (or run to completion) — not until it is Ready, since
 * a spec may mean a pod never to be Ready (a failing readiness probe). A pod that stays Pending, or
 * whose containers cannot start (an image that cannot be pulled, a crash loop), fails the step naming
 * the pod and why, with the kubelet's own reason.
 */
import { TargetError, type TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";

interface PodList {
  items: {
    metadata: { name: string; namespace: string; deletionTimestamp?: string };
    spec?: { nodeName?: string };
    status?: {
      phase?: string;
      conditions?: { type: string; status: string; reason?: string; message?: string }[];
      containerStatuses?: { name: string; state?: { waiting?: { reason?: string; message?: string } } }[];
    };
  }[];
}

const STUCK =
  /ImagePullBackOff|ErrImagePull|CrashLoopBackOff|CreateContainerError|CreateContainerConfigError|InvalidImageName|RunContainerError/;

function scheduled(p: PodList["items"][number]): boolean {
  return p.status?.conditions?.some((c) => c.type === "PodScheduled" && c.status === "True") ?? false;
}

/** Why a pod is not started yet (undefined: it is), and whether it never will be. */
function waitingOn(p: PodList["items"][number]): { why: string; hopeless: boolean } | undefined {
  if (p.metadata.deletionTimestamp) return undefined;
  for (const c of p.status?.containerStatuses ?? []) {
    const w = c.state?.waiting;
    if (w?.reason && STUCK.test(w.reason))
      return {
        why: `container ${c.name}: ${w.reason}${w.message ? `: ${w.message}` : ""}`,
        hopeless: /CrashLoop|Invalid|Config/.test(w.reason),
      };
  }
  if (p.status?.phase && p.status.phase !== "Pending") return undefined;
  const unscheduled = p.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  if (unscheduled)
    return {
      why: `not scheduled: ${unscheduled.reason ?? ""} ${unscheduled.message ?? ""}`.trim(),
      hopeless: false,
    };
  return { why: `phase ${p.status?.phase ?? "Pending"}`, hopeless: false };
}

/** A namespace's pods, or one pod (`{ namespace, pod }`: the probe pod, whatever else runs there). */
export type PodsToWait = string | { namespace: string; pod: string };

export async function waitForPods(
  kubectl: Kubectl,
  namespaces: PodsToWait[],
  ctx: TargetContext,
  timeoutMs = 120_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  let known: Promise<Set<string>> | undefined;
  // Read once per wait, and only when a pod bound to a node has not started.
  const nodes = () =>
    (known ??= kubectl.jsonpath(["nodes"], "{.items[*].metadata.name}", ctx).then((names) => new Set(names)));
  // Pods start in one to three seconds on kind and the local cluster: a backoff capped at 0.5 s sees
  // them start within half a second (at 2 s it cost about a second per case), at one light GET a poll.
  for (let pause = 100; ; pause = Math.min(pause * 2, 500)) {
    const waiting: string[] = [];
    let hopeless = false;
    for (const where of namespaces) {
      const n = typeof where === "string" ? where : where.namespace;
      for (const p of await podsOf(kubectl, where, ctx)) {
        // Bound to a node that does not exist, no kubelet will ever start it: nothing to wait for
        // (the spec may mean exactly that; PodGC deletes it after 40 s, pkg/controller/podgc).
        // Only a pod the scheduler never placed can name a node that is not there: one bound by the
        // scheduler has PodScheduled=True (pkg/scheduler/schedule_one.go, bind), and reading the nodes
        // for every pod still starting cost a kubectl call per wait.
        const w = waitingOn(p);
        const placedByHand = p.spec?.nodeName && !scheduled(p);
        if (w && placedByHand && !(await nodes()).has(p.spec!.nodeName!)) continue;
        if (w) waiting.push(`${n}/${p.metadata.name}: ${w.why}`);
        hopeless ||= w?.hopeless ?? false;
      }
    }
    if (!waiting.length) return;
    if (hopeless || Date.now() > end || ctx.signal.aborted)
      throw new TargetError(
        `pods did not start${hopeless ? "" : ` within ${timeoutMs / 1000}s`}: ${waiting.join("; ")}`,
        "user",
        undefined,
        undefined,
        "target/pods-not-started",
      );
    await new Promise((r) => setTimeout(r, pause));
  }
}

async function podsOf(kubectl: Kubectl, where: PodsToWait, ctx: TargetContext): Promise<PodList["items"]> {
  if (typeof where === "string")
    return (await kubectl.getJson<PodList>(["pods", "-n", where], ctx))?.items ?? [];
  const pod = await kubectl.getJson<PodList["items"][number]>(["pod", where.pod, "-n", where.namespace], ctx);
  return pod ? [pod] : [];
}
