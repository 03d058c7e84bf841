/** What a real API server holds: a Service's EndpointSlices and objects, read with `kubectl get`. */
import type { EndpointsObs, ObjectObs } from "../../../observation.js";
import type { ProbeOf, TargetContext } from "../../target.js";
import type { KubeProbeEnv } from "./context.js";

interface SliceList {
  items: {
    endpoints?: {
      addresses: string[];
      conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
      hostname?: string;
      nodeName?: string;
      targetRef?: { namespace?: string; name?: string };
    }[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

export async function observeEndpoints(
  env: KubeProbeEnv,
  probe: ProbeOf<"endpoints">,
  ctx: TargetContext,
): Promise<EndpointsObs> {
  const { namespace, name } = probe.service;
  const selector = `kubernetes.io/service-name=${name}`;
  const list = (await env.kubectl.getJson<SliceList>(
    ["endpointslices", "-n", namespace!, "-l", selector],
    ctx,
  )) ?? {
    items: [],
  };
  return {
    kind: "endpoints",
    endpoints: list.items.flatMap((s) =>
      (s.endpoints ?? []).map((e) => ({
        addresses: e.addresses,
        ready: e.conditions?.ready !== false,
        serving: e.conditions?.serving !== false,
        terminating: e.conditions?.terminating === true,
      })),
    ),
    ports: list.items.flatMap((s) =>
      (s.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? "TCP" })),
    ),
  };
}

interface ApiObject {
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
  spec?: { clusterIP?: string; type?: string; nodeName?: string };
}

export async function observeObject(
  env: KubeProbeEnv,
  probe: ProbeOf<"object">,
  ctx: TargetContext,
): Promise<ObjectObs> {
  const { kind, namespace, name } = probe.ref;
  const args = namespace && kind.toLowerCase() !== "node" ? [kind, name, "-n", namespace] : [kind, name];
  const o = await env.kubectl.getJson<ApiObject>(args, ctx);
  if (!o) return { kind: "object", fields: { exists: "false" } };
  const fields: Record<string, string> = { exists: "true" };
  if (o.status?.phase) fields.phase = o.status.phase;
  if (o.status?.conditions)
    fields.ready = String(o.status.conditions.some((c) => c.type === "Ready" && c.status === "True"));
  if (o.status?.podIP) fields.ip = o.status.podIP;
  if (o.spec?.nodeName) fields["node-name"] = o.spec.nodeName;
  if (o.spec?.clusterIP) fields["cluster-ip"] = o.spec.clusterIP;
  if (o.spec?.type) fields.type = o.spec.type;
  return { kind: "object", object: o as Record<string, unknown>, fields };
}
