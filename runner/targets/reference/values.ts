/** Symbolic values (`ip(pod x/a)`, `ips(pods ns where k=v)`) resolved against the reference engine. */
import type { Engine } from "../../../engine/index.js";
import type { ObjectRef, Value } from "../../../dsl/index.js";
import { TargetError } from "../target.js";
import type { AddressOwner } from "../../observation.js";
import { addressOwners } from "../../parity/index.js";

export function objectKey(ref: ObjectRef) {
  return { kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

export function resolveValue(engine: Engine, value: Value): string[] {
  switch (value.kind) {
    case "string":
    case "ident":
      return [value.value];
    case "number":
      return [String(value.value)];
    case "duration":
      return [String(value.ms)];
    case "list":
      return value.items.flatMap((item) => resolveValue(engine, item));
    case "quantified":
      return resolveValue(engine, value.value);
    case "ref":
      return resolveRef(engine, value.fn, value.target);
    case "selection": {
      const pods = selectPods(engine, value.namespace, value.selector);
      return value.fn === "pods"
        ? pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
        : pods.flatMap((p) => p.status.podIPs);
    }
    default:
      throw new TargetError(`a ${value.kind} value cannot be turned into plain values`, "internal");
  }
}

type KubeObject = NonNullable<ReturnType<Engine["object"]>>;

const REF_FUNCTIONS: Record<string, (o: KubeObject, engine: Engine) => string[] | undefined> = {
  ip: (o) =>
    o.kind === "Pod"
      ? [...o.status.podIPs]
      : o.kind === "Node"
        ? internalIps(o)
        : o.kind === "Service"
          ? [...o.spec.clusterIPs]
          : undefined,
  "cluster-ip": (o) => (o.kind === "Service" ? o.spec.clusterIPs.filter((ip) => ip !== "None") : undefined),
  "node-ip": (o) => (o.kind === "Node" ? internalIps(o) : undefined),
  "external-ip": (o) =>
    o.kind === "Service"
      ? [...o.spec.externalIPs, ...o.status.loadBalancer.ingress.flatMap((i) => (i.ip ? [i.ip] : []))]
      : undefined,
  "pod-cidr": (o) => (o.kind === "Node" ? [...o.spec.podCIDRs] : undefined),
  name: (o) => [o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name],
  fqdn: (o, engine) =>
    o.kind === "Service"
      ? [`${o.metadata.name}.${o.metadata.namespace}.svc.${engine.view.info.domain}.`]
      : undefined,
};

function internalIps(o: Extract<KubeObject, { kind: "Node" }>): string[] {
  return o.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
}

function resolveRef(engine: Engine, fn: string, ref: ObjectRef): string[] {
  const object = engine.object(objectKey(ref));
  const label = `${ref.kind.toLowerCase()} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
  if (!object) throw new TargetError(`${fn}(${label}): no such object`, "user");
  if (fn === "ip" && object.kind === "Pod" && object.status.podIPs.length === 0)
    throw new TargetError(`ip(${label}): the pod has no IP (phase ${object.status.phase})`, "user");
  const values = REF_FUNCTIONS[fn]?.(object, engine);
  if (!values) throw new TargetError(`${fn}() does not apply to a ${object.kind}`, "user");
  return values;
}

/** Pods of `namespace` (or all) matching `selector`, sorted by namespace then name. */
export function selectPods(engine: Engine, namespace: string | undefined, selector: Record<string, string>) {
  const pods = namespace ? [...engine.view.podsIn(namespace)] : [...engine.view.pods()];
  return pods
    .filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels[k] === v))
    .sort((a, b) =>
      a.metadata.namespace === b.metadata.namespace
        ? a.metadata.name.localeCompare(b.metadata.name)
        : a.metadata.namespace.localeCompare(b.metadata.namespace),
    );
}

/** Every pod's and Service's address in the engine with its owner (runner/parity/owners.ts). */
export function engineAddresses(engine: Engine): AddressOwner[] {
  const pods = [...engine.view.pods()].map((p) => {
    const c = p.metadata.ownerReferences.find((o) => o.controller);
    return {
      namespace: p.metadata.namespace,
      name: p.metadata.name,
      labels: p.metadata.labels,
      ...(c ? { controller: { kind: c.kind, name: c.name } } : {}),
      ips: [...p.status.podIPs],
    };
  });
  const services = [...engine.view.services()].map((s) => ({
    namespace: s.metadata.namespace,
    name: s.metadata.name,
    clusterIPs: [...s.spec.clusterIPs],
  }));
  return addressOwners(pods, services);
}
