/**
 * Check-time warnings for Pod manifests that mean something else on a real cluster than on the
 * reference engine:
 * - `status` (phase, conditions, podIP, podIPs): the API server resets a new Pod's status on create
 *   (kubernetes pkg/registry/core/pod/strategy.go podStrategy.PrepareForCreate sets
 *   `pod.Status = api.PodStatus{Phase: api.PodPending, QOSClass: ...}`), and a patch of the main
 *   resource ignores status too (PrepareForUpdate keeps the old status); kubelet then reports phase
 *   and readiness from the containers and their probes, and the CNI picks the addresses. The
 *   reference engine keeps a pinned status, so the spec is portable only if it does not rely on it.
 * - a readiness probe with `exec`: the reference engine cannot run the command, so it counts the
 *   probe as succeeding (engine/cluster/readiness-probe.ts); a real kubelet runs it.
 */
import { isMap, isPair, isScalar, type Document, type Node, type YAMLMap } from "yaml";
import type { ManifestText } from "../plan.js";
import type { Session } from "./session.js";
import { spanIn } from "./text-position.js";

const PINNED = ["phase", "conditions", "podIP", "podIPs"];

function entry(map: unknown, key: string): { key: Node; value: unknown } | undefined {
  if (!isMap(map)) return undefined;
  for (const p of (map as YAMLMap).items)
    if (isPair(p) && isScalar(p.key) && p.key.value === key) return { key: p.key, value: p.value };
  return undefined;
}

function at(m: ManifestText, node: Node) {
  const start = node.range?.[0] ?? 0;
  const before = m.text.slice(0, start).split("\n");
  return spanIn(m, before.length, before.at(-1)!.length + 1);
}

/** Warns about one parsed document of `m` when it is a Pod that pins status or probes with exec. */
export function checkPodPortability(m: ManifestText, doc: Document, session: Session): void {
  const root = doc.contents;
  const kind = entry(root, "kind")?.value;
  if (!isScalar(kind) || kind.value !== "Pod") return;
  const status = entry(root, "status");
  const pinned = PINNED.filter((k) => entry(status?.value, k));
  if (status && pinned.length)
    session.warn(
      "check/pod-status-pinned",
      `Pod status (${pinned.join(", ")}) is dropped by a real API server on create: kubelet reports phase and readiness from the containers' probes and the CNI assigns the IPs, so on real targets this spec means something else`,
      at(m, status.key),
      "name addresses with ip(pod NS/NAME), dashed-ip(...) or reverse-name(...); make a pod not Ready with a readinessProbe on a port no container declares",
    );
  const containers = entry(entry(root, "spec")?.value, "containers")?.value;
  const list = containers && typeof containers === "object" && "items" in containers ? containers.items : [];
  for (const c of list as unknown[]) {
    const exec = entry(entry(c, "readinessProbe")?.value, "exec");
    if (exec)
      session.warn(
        "check/exec-probe-assumed",
        "the reference engine cannot run an exec readiness probe and counts it as succeeding; a real kubelet runs the command in the container",
        at(m, exec.key),
      );
  }
}
