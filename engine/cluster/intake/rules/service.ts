/**
 * The Service kind end to end: SetDefaults_Service (pkg/apis/core/v1/defaults.go), the registry's
 * beginCreate/beginUpdate (pkg/registry/core/service/storage/storage.go: normalizeClusterIPs,
 * patchAllocatedValues, then alloc.go), the strategy (pkg/registry/core/service/strategy.go:
 * status reset, dropTypeDependentFields) and validation (service-validate.ts).
 */
import {
  has,
  num,
  obj,
  objs,
  optBool,
  optObj,
  optStr,
  str,
  strs,
  ensureObj,
  type JsonObject,
} from "../json.js";
import type { KindRules, RulesEnv } from "./rules.js";
import { allocClusterIPs, initIPFamilyFields, updateClusterIPs } from "./service-alloc.js";
import { allocNodePorts, NodePortOperation, updateNodePorts } from "./service-nodeports.js";
import { validateService } from "./service-validate.js";
import { validateServiceUpdate } from "./service-update.js";

const externallyAccessible = (spec: JsonObject) =>
  str(spec, "type") === "LoadBalancer" ||
  str(spec, "type") === "NodePort" ||
  (str(spec, "type") === "ClusterIP" && strs(spec, "externalIPs").length > 0);

function defaults(o: JsonObject): void {
  const spec = ensureObj(o, "spec");
  if (str(spec, "sessionAffinity") === "") spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") {
    const clientIP = optObj(optObj(spec, "sessionAffinityConfig"), "clientIP");
    if (!clientIP || !has(clientIP, "timeoutSeconds"))
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (str(spec, "type") === "") spec.type = "ClusterIP";
  for (const p of objs(spec, "ports")) {
    if (str(p, "protocol") === "") p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "")
      p.targetPort = num(p, "port");
  }
  if (externallyAccessible(spec) && str(spec, "externalTrafficPolicy") === "")
    spec.externalTrafficPolicy = "Cluster";
  if (
    !has(spec, "internalTrafficPolicy") &&
    ["NodePort", "LoadBalancer", "ClusterIP"].includes(str(spec, "type"))
  )
    spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer" && !has(spec, "allocateLoadBalancerNodePorts"))
    spec.allocateLoadBalancerNodePorts = true;
  // LoadBalancerIPMode (beta, on by default since 1.30): IP ingress entries get ipMode VIP.
  if (spec.type === "LoadBalancer")
    for (const ing of objs(obj(o, "status").loadBalancer as JsonObject, "ingress"))
      if (str(ing, "ip") && !has(ing, "ipMode")) ing.ipMode = "VIP";
}

/** normalizeClusterIPs (storage.go) for a create, or an update against the stored object. */
function normalizeClusterIPs(spec: JsonObject, oldSpec: JsonObject | undefined): void {
  const clusterIP = str(spec, "clusterIP");
  const ips = strs(spec, "clusterIPs");
  if (!oldSpec) {
    if (clusterIP && ips.length === 0) spec.clusterIPs = [clusterIP];
    return;
  }
  const oldIPs = strs(oldSpec, "clusterIPs");
  if (oldIPs.length > 0 && ips.length === 0 && str(oldSpec, "clusterIP") === clusterIP)
    spec.clusterIPs = [...oldIPs];
  const same = () => sameList(oldIPs, strs(spec, "clusterIPs"));
  if (str(oldSpec, "clusterIP") !== clusterIP) {
    if (str(oldSpec, "clusterIP") && !clusterIP) {
      if (same()) delete spec.clusterIPs;
    } else if (same()) spec.clusterIPs = [clusterIP];
  }
}

const sameList = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const needsClusterIP = (spec: JsonObject) => str(spec, "type") !== "ExternalName";
const needsNodePort = (spec: JsonObject) =>
  str(spec, "type") === "NodePort" ||
  (str(spec, "type") === "LoadBalancer" && optBool(spec, "allocateLoadBalancerNodePorts") !== false);
const needsHCNodePort = (spec: JsonObject) =>
  str(spec, "type") === "LoadBalancer" && str(spec, "externalTrafficPolicy") === "Local";

/** patchAllocatedValues: what the server allocated survives an update that leaves it out. */
function patchAllocatedValues(spec: JsonObject, oldSpec: JsonObject): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (str(spec, "clusterIP") === "" && has(oldSpec, "clusterIP"))
      spec.clusterIP = str(oldSpec, "clusterIP");
    if (strs(spec, "clusterIPs").length === 0 && strs(oldSpec, "clusterIPs").length > 0)
      spec.clusterIPs = strs(oldSpec, "clusterIPs");
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const used = (s: JsonObject) =>
      new Set(
        objs(s, "ports")
          .map((p) => num(p, "nodePort"))
          .filter((n) => n !== 0),
      );
    const newUsed = used(spec);
    const both = new Set([...used(oldSpec)].filter((n) => newUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of objs(oldSpec, "ports")) byName.set(str(p, "name"), num(p, "nodePort"));
    for (const p of objs(spec, "ports")) {
      if (num(p, "nodePort") !== 0) continue;
      const oldVal = byName.get(str(p, "name")) ?? 0;
      if (!both.has(oldVal) && oldVal !== 0) p.nodePort = oldVal;
    }
  }
  if (
    needsHCNodePort(oldSpec) &&
    needsHCNodePort(spec) &&
    num(spec, "healthCheckNodePort") === 0 &&
    has(oldSpec, "healthCheckNodePort")
  )
    spec.healthCheckNodePort = num(oldSpec, "healthCheckNodePort");
}

/** dropTypeDependentFields (strategy.go): values the old type needed go when the new one does not. */
function dropTypeDependentFields(spec: JsonObject, oldSpec: JsonObject): void {
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (sameList(strs(oldSpec, "clusterIPs"), strs(spec, "clusterIPs"))) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(strs(oldSpec, "ipFamilies"), strs(spec, "ipFamilies"))) delete spec.ipFamilies;
    if (optStr(oldSpec, "ipFamilyPolicy") === optStr(spec, "ipFamilyPolicy")) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: JsonObject) => objs(s, "ports").map((p) => num(p, "nodePort"));
  if (needsNodePort(oldSpec) && !needsNodePort(spec) && sameList(nodePorts(oldSpec), nodePorts(spec)))
    for (const p of objs(spec, "ports")) delete p.nodePort;
  if (
    needsHCNodePort(oldSpec) &&
    !needsHCNodePort(spec) &&
    num(oldSpec, "healthCheckNodePort") === num(spec, "healthCheckNodePort")
  )
    delete spec.healthCheckNodePort;
  if (str(oldSpec, "type") === "LoadBalancer" && str(spec, "type") !== "LoadBalancer") {
    const a = optBool(spec, "allocateLoadBalancerNodePorts");
    if (a !== undefined && a === optBool(oldSpec, "allocateLoadBalancerNodePorts"))
      delete spec.allocateLoadBalancerNodePorts;
    if (optStr(oldSpec, "loadBalancerClass") === optStr(spec, "loadBalancerClass"))
      delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(oldSpec) &&
    !externallyAccessible(spec) &&
    str(oldSpec, "externalTrafficPolicy") === str(spec, "externalTrafficPolicy")
  )
    delete spec.externalTrafficPolicy;
}

function beginCreate(o: JsonObject, env: RulesEnv): void {
  const spec = ensureObj(o, "spec");
  normalizeClusterIPs(spec, undefined);
  initIPFamilyFields(o, undefined, env.allocation);
  const taken = allocClusterIPs(o, env.allocation, env.dryRun);
  const op = new NodePortOperation(env.allocation, env.dryRun);
  try {
    allocNodePorts(o, op);
  } catch (e) {
    op.revert();
    for (const ip of taken) env.allocation.releaseIp(ip);
    throw e;
  }
}

function beginUpdate(o: JsonObject, old: JsonObject, env: RulesEnv): void {
  const spec = ensureObj(o, "spec");
  const oldSpec = obj(old, "spec");
  patchAllocatedValues(spec, oldSpec);
  normalizeClusterIPs(spec, oldSpec);
  initIPFamilyFields(o, old, env.allocation);
  const { taken, release } = updateClusterIPs(o, old, env.allocation, env.dryRun);
  const op = new NodePortOperation(env.allocation, env.dryRun);
  try {
    updateNodePorts(o, old, op);
  } catch (e) {
    op.revert();
    for (const ip of taken) env.allocation.releaseIp(ip);
    throw e;
  }
  if (!env.dryRun) for (const ip of release) env.allocation.releaseIp(ip);
  op.commit();
}

export const serviceRules: KindRules = {
  defaults,
  beginCreate,
  beginUpdate,
  prepareForCreate(o) {
    o.status = { loadBalancer: {} };
  },
  prepareForUpdate(o, old) {
    o.status = old.status ?? { loadBalancer: {} };
    dropTypeDependentFields(ensureObj(o, "spec"), obj(old, "spec"));
    if (str(obj(o, "spec"), "type") !== "LoadBalancer") o.status = { ...obj(o, "status"), loadBalancer: {} };
  },
  // storage.go defaultOnReadInternalTrafficPolicy: ExternalName services read without it.
  decorate(o) {
    if (str(obj(o, "spec"), "type") === "ExternalName") delete obj(o, "spec").internalTrafficPolicy;
  },
  validate: (o) => validateService(o),
  validateUpdate: (o, old) => validateServiceUpdate(o, old),
};
