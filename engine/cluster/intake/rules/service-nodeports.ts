/**
 * Node ports, as the registry allocates them before validation (pkg/registry/core/service/storage/
 * alloc.go initNodePorts, allocHealthCheckNodePort, updateNodePorts) through a port allocation
 * operation (portallocator/operation.go): taken ports are held until the create commits; a dry run
 * refuses ports already taken but does not check the range, and numbers new ones from 32769 up.
 */
import { fe } from "../field-errors.js";
import { num, obj, objs, optBool, str, strs, type JsonObject } from "../json.js";
import { invalid, internalError } from "../status.js";
import type { ServiceAllocation } from "./service-alloc.js";

function svcInvalid(o: JsonObject, causes: ReturnType<typeof fe.invalid>[]): never {
  throw invalid("", "Service", str(obj(o, "metadata"), "name"), causes);
}

const isHeadless = (spec: JsonObject) =>
  strs(spec, "clusterIPs").length === 1 && strs(spec, "clusterIPs")[0] === "None";

const shouldAllocateNodePorts = (spec: JsonObject) =>
  str(spec, "type") === "NodePort" ||
  (str(spec, "type") === "LoadBalancer" && optBool(spec, "allocateLoadBalancerNodePorts") !== false);

/** portallocator.PortAllocationOperation: taken ports held until commit, dry-run numbering. */
export class NodePortOperation {
  readonly allocated: number[] = [];
  readonly toRelease: number[] = [];
  constructor(
    private readonly al: ServiceAllocation,
    private readonly dryRun: boolean,
  ) {}

  allocate(port: number): string | undefined {
    if (this.dryRun) {
      if (this.al.nodePortTaken(port) || this.allocated.includes(port))
        return "provided port is already allocated";
      this.allocated.push(port);
      return undefined;
    }
    const [lo, hi] = this.al.nodePortRange;
    if (port < lo || port > hi)
      return `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`;
    if (this.al.nodePortTaken(port)) return "provided port is already allocated";
    this.al.takeNodePort(port);
    this.allocated.push(port);
    return undefined;
  }

  next(): number | undefined {
    if (this.dryRun) {
      const last = this.allocated.length ? Math.max(...this.allocated) : 32768;
      this.allocated.push(last + 1);
      return last + 1;
    }
    const p = this.al.nextNodePort();
    if (p !== undefined) this.allocated.push(p);
    return p;
  }

  /** Reverts what this operation took (a failed create). */
  revert(): void {
    if (!this.dryRun) for (const p of this.allocated) this.al.releaseNodePort(p);
  }

  commit(): void {
    if (!this.dryRun) for (const p of this.toRelease) this.al.releaseNodePort(p);
  }
}

/** initNodePorts: requested node ports are taken, the rest allocated; one port number shares a node port. */
export function initNodePorts(o: JsonObject, op: NodePortOperation): void {
  const spec = obj(o, "spec");
  const ports = objs(spec, "ports");
  const byPort = new Map<number, number>();
  ports.forEach((p, i) => {
    const nodePort = num(p, "nodePort");
    if (nodePort === 0 && !shouldAllocateNodePorts(spec)) return;
    const allocated = byPort.get(num(p, "port")) ?? 0;
    if (allocated === 0) {
      const requested = ports.find((q) => num(q, "port") === num(p, "port") && num(q, "nodePort") !== 0);
      const np = requested ? num(requested, "nodePort") : 0;
      if (np !== 0) {
        const err = op.allocate(np);
        if (err) svcInvalid(o, [fe.invalid(`spec.ports[${i}].nodePort`, np, err)]);
        p.nodePort = np;
        byPort.set(num(p, "port"), np);
      } else {
        const next = op.next();
        if (next === undefined) throw internalError("failed to allocate a nodePort: range is full");
        p.nodePort = next;
        byPort.set(num(p, "port"), next);
      }
    } else if (nodePort !== allocated) {
      if (nodePort === 0) p.nodePort = allocated;
      else {
        const err = op.allocate(nodePort);
        if (err) svcInvalid(o, [fe.invalid(`spec.ports[${i}].nodePort`, nodePort, err)]);
      }
    }
  });
}

const needsHealthCheck = (spec: JsonObject) =>
  str(spec, "type") === "LoadBalancer" && str(spec, "externalTrafficPolicy") === "Local";

export function allocHealthCheckNodePort(o: JsonObject, op: NodePortOperation): void {
  const spec = obj(o, "spec");
  const hc = num(spec, "healthCheckNodePort");
  if (hc !== 0) {
    const err = op.allocate(hc);
    if (err) throw internalError(`failed to allocate requested HealthCheck NodePort ${hc}: ${err}`);
    return;
  }
  const next = op.next();
  if (next === undefined) throw internalError("failed to allocate a HealthCheck NodePort 0: range is full");
  spec.healthCheckNodePort = next;
}

/** txnAllocNodePorts on create. */
export function allocNodePorts(o: JsonObject, op: NodePortOperation): void {
  const spec = obj(o, "spec");
  if (str(spec, "type") === "NodePort" || str(spec, "type") === "LoadBalancer") initNodePorts(o, op);
  if (needsHealthCheck(spec)) allocHealthCheckNodePort(o, op);
}

/** txnUpdateNodePorts: ports of a type that no longer needs them are released, new ones taken. */
export function updateNodePorts(o: JsonObject, old: JsonObject, op: NodePortOperation): void {
  const spec = obj(o, "spec");
  const oldSpec = obj(old, "spec");
  const oldPorts = objs(oldSpec, "ports")
    .map((p) => num(p, "nodePort"))
    .filter((n) => n !== 0);
  const type = str(spec, "type");
  const oldType = str(oldSpec, "type");
  if (
    (oldType === "NodePort" || oldType === "LoadBalancer") &&
    (type === "ExternalName" || type === "ClusterIP")
  )
    op.toRelease.push(...oldPorts);
  if (type === "NodePort" || type === "LoadBalancer") {
    const mine = new Set<number>();
    objs(spec, "ports").forEach((p, i) => {
      const nodePort = num(p, "nodePort");
      if (nodePort === 0 && !shouldAllocateNodePorts(spec)) return;
      if (nodePort !== 0) {
        if (!oldPorts.includes(nodePort) && !mine.has(nodePort)) {
          const err = op.allocate(nodePort);
          if (err) svcInvalid(o, [fe.invalid(`spec.ports[${i}].nodePort`, nodePort, err)]);
          mine.add(nodePort);
        }
      } else {
        const next = op.next();
        if (next === undefined) throw internalError("failed to allocate a nodePort: range is full");
        p.nodePort = next;
      }
    });
    const now = objs(spec, "ports").map((p) => num(p, "nodePort"));
    for (const p of oldPorts) if (!now.includes(p)) op.toRelease.push(p);
  }
  const needed = needsHealthCheck(oldSpec);
  const needs = needsHealthCheck(spec);
  if (!needed && needs) allocHealthCheckNodePort(o, op);
  else if (needed && !needs) op.toRelease.push(num(oldSpec, "healthCheckNodePort"));
}

/** Everything a stored Service holds (for release on delete and re-take after a failed update). */
export function heldBy(o: JsonObject): { ips: string[]; nodePorts: number[] } {
  const spec = obj(o, "spec");
  const ips =
    str(spec, "type") === "ExternalName" || isHeadless(spec)
      ? []
      : strs(spec, "clusterIPs").filter((ip) => ip !== "" && ip !== "None");
  const nodePorts = objs(spec, "ports")
    .map((p) => num(p, "nodePort"))
    .filter((n) => n !== 0);
  if (needsHealthCheck(spec) && num(spec, "healthCheckNodePort"))
    nodePorts.push(num(spec, "healthCheckNodePort"));
  return { ips, nodePorts };
}
