/**
 * Manifests made runnable on the local cluster before the kube target applies them: containers whose
 * image is not one of the local images get agnhost serving their declared ports
 * (images/container-rewrite.ts), in pods and in every workload's pod template. A NetworkPolicy is
 * applied only where the cluster enforces it (kube-router's firewall, cluster/network-policy.ts);
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy are refused as unsupported (kube-router v2.1.0
 * implements networking.k8s.io/v1 NetworkPolicy only): a case depending on a policy nobody enforces
 * would report what an unpoliced cluster does, a false failure rather than a finding.
 */
import { parseManifests, stringifyManifest } from "../kube/index.js";
import type { ManifestText } from "../../../dsl/index.js";
import { TargetError } from "../target.js";
import { agnhostRewrite, type ContainerLike } from "./images/index.js";

const WORKLOADS = new Set([
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "ReplicationController",
]);
const ADMIN_POLICIES = new Set(["AdminNetworkPolicy", "BaselineAdminNetworkPolicy"]);

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** The pod spec of a Pod, a workload's template, or a CronJob's job template. */
function podSpecOf(o: Raw): Raw | undefined {
  const kind = String(o.kind ?? "");
  const spec = isMap(o.spec) ? o.spec : undefined;
  if (kind === "Pod") return spec;
  if (WORKLOADS.has(kind) && isMap(spec?.template))
    return isMap(spec.template.spec) ? spec.template.spec : undefined;
  if (kind === "CronJob" && isMap(spec?.jobTemplate)) {
    const job = spec.jobTemplate.spec;
    return isMap(job) && isMap(job.template) && isMap(job.template.spec) ? job.template.spec : undefined;
  }
  return undefined;
}

function rewrite(spec: Raw, log: (line: string) => void): boolean {
  let changed = false;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!isMap(c)) continue;
    const r = agnhostRewrite(c as unknown as ContainerLike, { sctp: false });
    if (!r) continue;
    c.command = r.command;
    delete c.args;
    if (r.env.length) c.env = [...(Array.isArray(c.env) ? c.env : []), ...r.env];
    log(
      `local: container ${r.container}: ${r.reason}${r.unsupported.length ? ` (not served: ${r.unsupported.join("; ")})` : ""}`,
    );
    changed = true;
  }
  return changed;
}

/** Whether any of `manifests` is a NetworkPolicy (the local target then starts kube-router first). */
export function hasNetworkPolicy(manifests: ManifestText[]): boolean {
  return manifests.some((m) => parseManifests(m.text).some((o) => isMap(o) && o.kind === "NetworkPolicy"));
}

/**
 * `manifests` made runnable here; `networkPolicy` says whether the cluster enforces NetworkPolicy
 * (else one is refused, with `why`).
 */
export function runnableManifests(
  manifests: ManifestText[],
  log: (line: string) => void,
  networkPolicy: { enforced: boolean; why?: string } = { enforced: false },
): ManifestText[] {
  return manifests.map((m) => {
    let changed = false;
    const out: string[] = [];
    for (const o of parseManifests(m.text)) {
      if (!isMap(o)) continue;
      out.push(stringifyManifest(o));
      if (ADMIN_POLICIES.has(String(o.kind)))
        throw new TargetError(
          `${String(o.kind)} is not enforced on the local cluster (kube-router v2.1.0 implements NetworkPolicy only): the case would report what an unpoliced cluster does`,
          "unsupported",
        );
      if (o.kind === "NetworkPolicy" && !networkPolicy.enforced)
        throw new TargetError(
          `NetworkPolicy is not enforced on this local cluster (${networkPolicy.why ?? "the bridge CNI implements no network policy"}): the case would report what an unpoliced cluster does`,
          "unsupported",
        );
      const spec = podSpecOf(o);
      if (spec && rewrite(spec, log)) {
        out[out.length - 1] = stringifyManifest(o);
        changed = true;
      }
    }
    // Rewritten manifests are re-serialised; the others keep their text (and their line numbers).
    return changed ? { ...m, text: out.join("---\n") } : m;
  });
}
