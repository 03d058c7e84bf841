/**
 * The reference target: the runner's one door into the built-in engine (DESIGN.md rule 3). It maps
 * Plan steps onto the engine facade and engine results onto the observation shapes every target
 * shares, so matchers and the parity table never see engine types.
 *
 * Each case starts from a fresh engine built from the suite's cluster block and the run's seed, which
 * is what makes results deterministic and cases independent.
 */
import {
  admitManifests,
  createEngine,
  EngineError,
  FAULT_NAMES,
  type AdmissionReport,
  type ClusterSpec,
  type Engine,
} from "../../engine/index.js";
import type {
  ClusterSettings,
  Destination,
  FaultArg,
  ManifestText,
  ObjectRef,
  PatchOp,
  Probe,
  Source,
  Value,
} from "../../dsl/index.js";
import type { ConnectObs, EndpointsObs, ObjectObs, Observation, ResolveObs } from "../observation.js";
import {
  TargetError,
  type Capabilities,
  type SuiteSetup,
  type Target,
  type TargetContext,
} from "./target.js";
import { dnsObservation, kubeletView, type KubeletView } from "./reference/index.js";

export function createReferenceTarget(): ReferenceTarget {
  return new ReferenceTarget();
}

/**
 * The engine's admission of manifests, offline (engine admitManifests): every object admitted in
 * order into a fresh cluster of these settings, sources marked dryRun admitted as a server-side
 * dry run; each document's admitted object or refusal with located diagnostics.
 */
export function referenceAdmission(
  cluster: ClusterSettings,
  sources: (ManifestText & { dryRun?: boolean; keep?: boolean })[],
  seed = 1,
): AdmissionReport {
  return admitManifests(sources, { cluster: clusterSpec(cluster), seed });
}

export type { AdmissionReport };

function clusterSpec(c: ClusterSettings): ClusterSpec {
  return {
    profile: c.profile,
    nodes: c.nodes,
    serviceCidrs: c.serviceCidrs,
    podCidrs: c.podCidrs,
    hostPrefix: c.hostPrefix,
    clusterDomain: c.clusterDomain,
    corefile: c.corefile,
    dnsPolicy: c.dnsPolicy,
    resolver: c.resolver,
    proxyMode: c.proxyMode,
    cni: c.cni,
    ipFamily: c.ipFamily,
    nodeResolvConf: c.nodeResolvConf,
    extra: c.extra,
    kubernetesVersion: c.kubernetesVersion,
  };
}

export class ReferenceTarget implements Target {
  readonly name = "reference";
  readonly params: Record<string, string> = {};
  private engine: Engine | undefined;

  capabilities(): Capabilities {
    return {
      probes: {
        dns: true,
        resolve: true,
        "resolv-conf": true,
        hosts: true,
        endpoints: true,
        connect: true,
        path: true,
        reach: true,
        object: true,
        coredns: true,
        apply: true,
      },
      faults: Object.fromEntries(FAULT_NAMES.map((n) => [n, true as const])),
      reasons: true,
    };
  }

  /** The node side's decisions (placement, IPs, conditions, Corefile) for targets without a kubelet. */
  kubeletView(): KubeletView {
    return kubeletView(this.current());
  }

  async prepare(setup: SuiteSetup, _ctx: TargetContext): Promise<void> {
    // Validate the cluster block once per suite so a bad Corefile is reported before any case runs.
    this.engine = this.build(setup, 1);
  }

  async reset(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    this.engine = this.build(setup, ctx.seed);
  }

  async apply(manifests: ManifestText[], _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().apply(manifests));
  }

  async delete(ref: ObjectRef, _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().delete(key(ref)));
  }

  async label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    _ctx: TargetContext,
  ): Promise<void> {
    this.guard(() => this.current().label(key(ref), change));
  }

  async patch(ref: ObjectRef, ops: PatchOp[], _ctx: TargetContext): Promise<void> {
    this.guard(() =>
      this.current().patch(
        key(ref),
        ops.map((op) =>
          op.op === "set"
            ? { op: "set" as const, path: op.path, value: op.value }
            : op.op === "remove"
              ? { op: "remove" as const, path: op.path }
              : { op: "merge" as const, patch: op.patch },
        ),
      ),
    );
  }

  async scale(ref: ObjectRef, replicas: number, _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().scale(key(ref), replicas));
  }

  async fault(name: string, args: FaultArg[], _ctx: TargetContext): Promise<void> {
    this.guard(() =>
      this.current().fault(
        name,
        args.map((a) => ({ key: a.key, value: a.value })),
      ),
    );
  }

  async heal(name: string, _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().heal(name));
  }

  async wait(ms: number, _ctx: TargetContext): Promise<void> {
    // Virtual time: controllers, reload delays and TTLs move on without sleeping.
    this.current().advance(ms);
  }

  async resolve(value: Value, _ctx: TargetContext): Promise<string[]> {
    return this.guard(() => this.resolveValue(value));
  }

  async probe(probe: Probe, _ctx: TargetContext): Promise<Observation> {
    return this.guard(() => this.observe(probe));
  }

  async dispose(_ctx: TargetContext): Promise<void> {
    this.engine = undefined;
  }

  private build(setup: SuiteSetup, seed: number): Engine {
    const spec = clusterSpec(setup.cluster);
    const upstream = setup.upstream.map((u) => ({
      name: u.name,
      type: u.type,
      data: u.data,
      ttl: u.ttl,
      rcode: u.rcode,
    }));
    return this.guard(() => createEngine(spec, { seed, upstream }));
  }

  private current(): Engine {
    if (!this.engine) throw new TargetError("reference target used before reset()", "internal");
    return this.engine;
  }

  /** Engine errors the user caused become user-facing target errors with their location. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof EngineError) {
        const kind = error.code.endsWith("/unsupported") ? "unsupported" : "user";
        const location = error.location
          ? { file: error.location.path, line: error.location.line, column: error.location.column }
          : undefined;
        throw new TargetError(error.message, kind, location, error.fieldPath);
      }
      throw error;
    }
  }

  private resolveValue(value: Value): string[] {
    const engine = this.current();
    switch (value.kind) {
      case "string":
      case "ident":
        return [value.value];
      case "number":
        return [String(value.value)];
      case "duration":
        return [String(value.ms)];
      case "list":
        return value.items.flatMap((item) => this.resolveValue(item));
      case "quantified":
        return this.resolveValue(value.value);
      case "ref":
        return this.resolveRef(engine, value.fn, value.target);
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

  private resolveRef(engine: Engine, fn: string, ref: ObjectRef): string[] {
    const object = engine.object(key(ref));
    const label = `${ref.kind.toLowerCase()} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
    if (!object) throw new TargetError(`${fn}(${label}): no such object`, "user");
    switch (fn) {
      case "ip":
        if (object.kind === "Pod") {
          if (object.status.podIPs.length === 0)
            throw new TargetError(`ip(${label}): the pod has no IP (phase ${object.status.phase})`, "user");
          return [...object.status.podIPs];
        }
        if (object.kind === "Node")
          return object.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
        if (object.kind === "Service") return [...object.spec.clusterIPs];
        break;
      case "cluster-ip":
        if (object.kind === "Service") return object.spec.clusterIPs.filter((ip) => ip !== "None");
        break;
      case "node-ip":
        if (object.kind === "Node")
          return object.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
        break;
      case "external-ip":
        if (object.kind === "Service")
          return [
            ...object.spec.externalIPs,
            ...object.status.loadBalancer.ingress.flatMap((i) => (i.ip ? [i.ip] : [])),
          ];
        break;
      case "pod-cidr":
        if (object.kind === "Node") return [...object.spec.podCIDRs];
        break;
      case "name":
        return [
          object.metadata.namespace
            ? `${object.metadata.namespace}/${object.metadata.name}`
            : object.metadata.name,
        ];
      case "fqdn":
        if (object.kind === "Service")
          return [`${object.metadata.name}.${object.metadata.namespace}.svc.${engine.view.info.domain}.`];
        break;
    }
    throw new TargetError(`${fn}() does not apply to a ${object.kind}`, "user");
  }

  private observe(probe: Probe): Observation {
    const engine = this.current();
    switch (probe.kind) {
      case "dns": {
        const exchange = engine.dns({
          name: probe.qname,
          type: probe.qtype,
          from: probe.from ? source(probe.from) : undefined,
          transport: probe.transport,
          server: probe.server,
          bufsize: probe.bufsize,
          recursionDesired: !(probe.flags ?? []).includes("nord"),
          dnssecOk: (probe.flags ?? []).includes("do"),
        });
        return dnsObservation(exchange);
      }
      case "resolve": {
        const walk = engine.resolve(source(probe.from), probe.name, probe.qtype);
        const obs: ResolveObs = {
          kind: "resolve",
          libc: walk.libc,
          source: walk.source,
          answer: walk.answer,
          rcode: walk.rcode,
          canonicalName: walk.canonicalName,
          tries: walk.steps.map((s) => ({
            name: s.name,
            type: s.type,
            server: s.server,
            transport: s.transport,
            rcode: s.rcode,
            answers: s.answers,
            elapsedMs: s.elapsedMs,
          })),
          elapsedMs: walk.elapsedMs,
          reasons: walk.reasons,
        };
        return obs;
      }
      case "resolv-conf": {
        const pod = podOf(probe.of);
        const { conf, text, warnings } = engine.resolvConf(pod);
        return {
          kind: "resolv-conf",
          nameservers: conf.nameservers,
          search: conf.search,
          options: conf.options,
          text,
          warnings,
        };
      }
      case "hosts": {
        const { entries, text } = engine.hosts(podOf(probe.of));
        return { kind: "hosts", entries: entries.map((e) => ({ ip: e.ip, names: e.names })), text };
      }
      case "endpoints":
        return endpointsObservation(engine, probe.service);
      case "connect":
      case "path": {
        const result = engine.connect({
          from: endpointOf(probe.from),
          to: destinationOf(probe.to),
          port: probe.port,
          protocol: probe.protocol,
        });
        const obs: ConnectObs = { kind: "connect", ...result };
        return obs;
      }
      case "reach": {
        const pods = probe.pods.map((p) => `${p.namespace ?? "default"}/${p.name}`);
        const table = engine.reach({ port: probe.port, protocol: probe.protocol, pods });
        return {
          kind: "reach",
          pods: table.pods,
          allowed: table.allowed,
          reasons: table.allowed.flatMap((row, i) =>
            row.flatMap((cell, j) =>
              cell === false ? [`${table.pods[i]} → ${table.pods[j]}: ${table.reasonOf(i, j)}`] : [],
            ),
          ),
        };
      }
      case "object":
        return objectObservation(engine, probe.ref);
      case "apply": {
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
      case "coredns": {
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
    }
  }
}

function key(ref: ObjectRef) {
  return { kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

function podOf(src: Source): { namespace: string; name: string } {
  if (src.kind !== "pod") throw new TargetError(`expected a pod here, got a ${src.kind}`, "user");
  return { namespace: src.ref.namespace ?? "default", name: src.ref.name };
}

function source(src: Source): { pod: { namespace: string; name: string } } | { node: string } {
  if (src.kind === "pod") return { pod: podOf(src) };
  if (src.kind === "node") return { node: src.name };
  throw new TargetError(
    "DNS and resolver probes run from a pod or a node, not from outside the cluster",
    "user",
  );
}

function endpointOf(src: Source) {
  if (src.kind === "pod")
    return { kind: "pod" as const, namespace: src.ref.namespace ?? "default", name: src.ref.name };
  if (src.kind === "node") return { kind: "node" as const, name: src.name };
  if (!src.ip) throw new TargetError("an external source needs an IP (`from external 203.0.113.7`)", "user");
  return { kind: "external" as const, ip: src.ip };
}

function destinationOf(dst: Destination) {
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

function selectPods(engine: Engine, namespace: string | undefined, selector: Record<string, string>) {
  const pods = namespace ? [...engine.view.podsIn(namespace)] : [...engine.view.pods()];
  return pods
    .filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels[k] === v))
    .sort((a, b) =>
      a.metadata.namespace === b.metadata.namespace
        ? a.metadata.name.localeCompare(b.metadata.name)
        : a.metadata.namespace.localeCompare(b.metadata.namespace),
    );
}

function endpointsObservation(engine: Engine, ref: ObjectRef): EndpointsObs {
  const namespace = ref.namespace ?? "default";
  if (!engine.view.service(namespace, ref.name)) {
    throw new TargetError(`service ${namespace}/${ref.name} does not exist`, "user");
  }
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

function objectObservation(engine: Engine, ref: ObjectRef): ObjectObs {
  const object = engine.object(key(ref));
  const manifest = engine.get(key(ref));
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
