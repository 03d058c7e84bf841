/** Plan sources and destinations as the engine facade takes them. */
import type { Destination, Source } from "../../../dsl/index.js";
import { TargetError } from "../target.js";

export function podOf(src: Source): { namespace: string; name: string } {
  if (src.kind !== "pod") throw new TargetError(`expected a pod here, got a ${src.kind}`, "user");
  return { namespace: src.ref.namespace ?? "default", name: src.ref.name };
}

/** Where a DNS query or a resolver walk starts: a pod or a node. */
export function querySource(src: Source): { pod: { namespace: string; name: string } } | { node: string } {
  if (src.kind === "pod") return { pod: podOf(src) };
  if (src.kind === "node") return { node: src.name };
  throw new TargetError(
    "DNS and resolver probes run from a pod or a node, not from outside the cluster",
    "user",
  );
}

export function endpointOf(src: Source) {
  if (src.kind === "pod")
    return { kind: "pod" as const, namespace: src.ref.namespace ?? "default", name: src.ref.name };
  if (src.kind === "node") return { kind: "node" as const, name: src.name };
  if (!src.ip) throw new TargetError("an external source needs an IP (`from external 203.0.113.7`)", "user");
  return { kind: "external" as const, ip: src.ip };
}

export function destinationOf(dst: Destination) {
  switch (dst.kind) {
    case "pod":
    case "service":
      return { kind: dst.kind, namespace: dst.ref.namespace ?? "default", name: dst.ref.name };
    case "name":
      return { kind: "name" as const, name: dst.name };
    case "ip":
      return { kind: "ip" as const, ip: dst.ip };
    case "node":
      return { kind: "node" as const, name: dst.name };
  }
}
