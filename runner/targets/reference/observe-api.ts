/** What the reference engine's API holds: EndpointSlices, objects, admission verdicts, CoreDNS status. */
import { EngineError, type Engine } from "../../../engine/index.js";
import type { ObjectRef } from "../../../dsl/index.js";
import type { ApplyObs, CorednsObs, EndpointsObs, ObjectObs } from "../../observation.js";
import { TargetError, type ProbeOf } from "../target.js";
import { objectKey } from "./values.js";

export function observeEndpoints(engine: Engine, probe: ProbeOf<"endpoints">): EndpointsObs {
  const ref = probe.service;
  const namespace = ref.namespace ?? "default";
  if (!engine.view.service(namespace, ref.name))
    throw new TargetError(`service ${namespace}/${ref.name} does not exist`, "user");
  const slices = engine.view.endpointSlicesFor(namespace, ref.name);
  const ports = new Map<string, { name?: string; port: number; protocol: string }>();
  for (const slice of slices)
    for (const p of slice.ports)
      if (p.port !== undefined)
        ports.set(`${p.name}/${p.port}/${p.protocol}`, {
          name: p.name,
          port: p.port,
          protocol: p.protocol ?? "TCP",
        });
  return {
    kind: "endpoints",
    endpoints: slices.flatMap((slice) =>
      slice.endpoints.map((e) => ({
        addresses: [...e.addresses],
        ready: e.conditions.ready !== false,
        serving: e.conditions.serving !== false,
        terminating: e.conditions.terminating === true,
        hostname: e.hostname,
        nodeName: e.nodeName,
        targetRef: e.targetRef ? `${e.targetRef.namespace}/${e.targetRef.name}` : undefined,
      })),
    ),
    ports: [...ports.values()],
  };
}

export function observeObject(engine: Engine, probe: ProbeOf<"object">): ObjectObs {
  const ref: ObjectRef = probe.ref;
  const object = engine.object(objectKey(ref));
  const manifest = engine.get(objectKey(ref));
  if (!object) return { kind: "object", fields: { exists: "false" } };
  const fields: Record<string, string> = { exists: "true" };
  if (object.kind === "Pod") {
    fields.phase = object.status.phase;
    fields.ready = String(object.status.conditions.some((c) => c.type === "Ready" && c.status === "True"));
    if (object.status.reason) fields.reason = object.status.reason;
    if (object.spec.nodeName) fields["node-name"] = object.spec.nodeName;
    if (object.status.podIP) fields.ip = object.status.podIP;
  } else if (object.kind === "Service") {
    if (object.spec.clusterIP) fields["cluster-ip"] = object.spec.clusterIP;
    fields.type = object.spec.type;
  } else if (object.kind === "Node") {
    const ready = object.status.conditions.find((c) => c.type === "Ready");
    fields.ready = String(ready?.status === "True");
    fields.status = ready?.status === "True" ? "Ready" : "NotReady";
  }
  return { kind: "object", object: manifest, fields };
}

export function observeApply(engine: Engine, probe: ProbeOf<"apply">): ApplyObs {
  const manifests = probe.manifests ?? (probe.source.kind === "inline" ? [probe.source.manifest] : []);
  try {
    engine.apply(manifests);
    return { kind: "apply", accepted: true, message: "" };
  } catch (error) {
    // Only the API's verdict is an observation; anything else is a real error of the run.
    if (!(error instanceof EngineError) || error.code.endsWith("/unsupported")) throw error;
    const at = error.location ? `${error.location.path}:${error.location.line}: ` : "";
    // Refusals already name their file and line (`f:12: Service "x" is invalid: ...`).
    const message = error.message.startsWith(at) ? error.message : `${at}${error.message}`;
    return { kind: "apply", accepted: false, message };
  }
}

export function observeCoredns(engine: Engine): CorednsObs {
  const s = engine.coredns();
  return {
    kind: "coredns",
    status: s.status,
    ready: s.ready,
    replicas: s.replicas,
    readyReplicas: s.readyReplicas,
    log: s.log,
  };
}
