/**
 * `expect apply` on a real cluster: the manifests (already in cluster names) applied with `kubectl
 * apply` after the case's namespaces, as an apply step does; the API server's verdict is the
 * observation: accepted when kubectl exits 0, else rejected with what kubectl printed (the server's
 * own message, e.g. `The Service "web" is invalid: spec.ports[0].port: ...`, or kubectl's REST
 * mapping error for a kind the server does not serve). Unlike the reference, kubectl goes on with
 * the documents after a refused one (k8s.io/kubectl pkg/cmd/apply/apply.go Run: errors are collected
 * over every object), so a later document of the same stream is applied on a real cluster.
 */
import type { ApplyObs } from "../../../observation.js";
import type { ProbeOf, TargetContext } from "../../target.js";
import type { KubeProbeEnv } from "./context.js";

export async function observeApply(
  env: KubeProbeEnv,
  probe: ProbeOf<"apply">,
  ctx: TargetContext,
): Promise<ApplyObs> {
  const text = (probe.manifests ?? []).map((m) => m.text).join("\n---\n");
  const r = await env.admit(text, ctx);
  if (r.code === 0) return { kind: "apply", accepted: true, message: "" };
  return { kind: "apply", accepted: false, message: r.stderr.trim() || r.stdout.trim() };
}
