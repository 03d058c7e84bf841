/**
 * Admitted AdminNetworkPolicy / BaselineAdminNetworkPolicy objects → the model
 * (model-admin-policy.ts). Admission checked every "exactly one field" rule and defaulted
 * protocols, so each subject, peer and port has exactly one member.
 */
import type {
  AdminNetworkPolicy,
  AdminPolicyPeer,
  AdminPolicyPort,
  AdminPolicyRule,
  AdminPolicySubject,
  BaselineAdminNetworkPolicy,
  ObjectMeta,
  Protocol,
} from "../model.js";
import { has, num, obj, objs, optStr, str, strs, type JsonObject } from "./json.js";
import { labelSelector } from "./to-model-selector.js";

function namespaced(o: JsonObject) {
  return {
    namespaceSelector: labelSelector(obj(o, "namespaceSelector")),
    podSelector: labelSelector(obj(o, "podSelector")),
  };
}

function subject(s: JsonObject): AdminPolicySubject {
  return has(s, "pods")
    ? { pods: namespaced(obj(s, "pods")) }
    : { namespaces: labelSelector(obj(s, "namespaces")) };
}

function peer(p: JsonObject): AdminPolicyPeer {
  if (has(p, "pods")) return { pods: namespaced(obj(p, "pods")) };
  if (has(p, "nodes")) return { nodes: labelSelector(obj(p, "nodes")) };
  if (has(p, "networks")) return { networks: strs(p, "networks") };
  if (has(p, "domainNames")) return { domainNames: strs(p, "domainNames") };
  return { namespaces: labelSelector(obj(p, "namespaces")) };
}

function port(p: JsonObject): AdminPolicyPort {
  if (has(p, "namedPort")) return { namedPort: str(p, "namedPort") };
  if (has(p, "portRange")) {
    const r = obj(p, "portRange");
    return {
      portRange: {
        protocol: (str(r, "protocol") || "TCP") as Protocol,
        start: num(r, "start"),
        end: num(r, "end"),
      },
    };
  }
  const n = obj(p, "portNumber");
  return { portNumber: { protocol: (str(n, "protocol") || "TCP") as Protocol, port: num(n, "port") } };
}

function rules(list: JsonObject[], peerKey: "from" | "to"): AdminPolicyRule[] {
  return list.map((r) => ({
    ...(optStr(r, "name") ? { name: str(r, "name") } : {}),
    action: str(r, "action") as AdminPolicyRule["action"],
    peers: objs(r, peerKey).map(peer),
    ...(has(r, "ports") ? { ports: objs(r, "ports").map(port) } : {}),
  }));
}

export function adminNetworkPolicy(o: JsonObject, metadata: ObjectMeta): AdminNetworkPolicy {
  const spec = obj(o, "spec");
  return {
    kind: "AdminNetworkPolicy",
    metadata,
    spec: {
      priority: num(spec, "priority"),
      subject: subject(obj(spec, "subject")),
      ingress: rules(objs(spec, "ingress"), "from"),
      egress: rules(objs(spec, "egress"), "to"),
    },
  };
}

export function baselineAdminNetworkPolicy(o: JsonObject, metadata: ObjectMeta): BaselineAdminNetworkPolicy {
  const spec = obj(o, "spec");
  return {
    kind: "BaselineAdminNetworkPolicy",
    metadata,
    spec: {
      subject: subject(obj(spec, "subject")),
      ingress: rules(objs(spec, "ingress"), "from"),
      egress: rules(objs(spec, "egress"), "to"),
    },
  };
}
