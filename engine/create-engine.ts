/**
 * The reference engine facade: wiring only. One cluster runtime (store + controllers) built from the
 * profile, on one virtual clock and seeded RNG, and the concerns that act on it, each in its own
 * module under engine/facade/:
 * - object-edits.ts: apply/delete/label/patch/scale as kubectl makes them;
 * - dns-deployment.ts: the CoreDNS replicas, their Corefile (ConfigMap, DNS CR), reloads, status;
 * - query-path.ts: a DNS query from a pod or node through kube-proxy to a replica's CoreDNS;
 * - client-resolvers.ts: kubelet's resolv.conf and hosts, the libc stub-resolver walk;
 * - datapath-cache.ts: connections and reachability over the current state;
 * - fault-state.ts / fault-host.ts: what active faults change, and how they change it.
 */
import {
  buildProfile,
  ClusterRuntime,
  parseNodeResolvConf,
  type BuiltProfile,
  type ClusterView,
} from "./cluster/index.js";
import type { ConnectRequest, ConnectResult, ReachRequest, ReachTable } from "./datapath/index.js";
import {
  EngineError,
  type ClusterSpec,
  type CorednsStatus,
  type DnsExchange,
  type DnsQueryRequest,
  type Engine,
  type EngineOptions,
  type ObjectKey,
  type WireMeta,
} from "./engine.js";
import {
  ActiveFaults,
  ClientResolvers,
  createFaultHost,
  DatapathCache,
  DnsDeployment,
  FaultState,
  guard,
  guardDatapath,
  NetworkOperator,
  ObjectEdits,
  QueryPath,
} from "./facade/index.js";
import { cniOf, profileSpecOf } from "./facade/install-network.js";
import type { HostsEntry, ResolvConf, ResolveWalk } from "./resolver/index.js";
import { createClock, createRng, type Clock, type Rng, type SourceText } from "./support/index.js";

export function createEngine(spec: ClusterSpec, options: EngineOptions): Engine {
  return new ReferenceEngine(spec, options);
}

function profileOf(spec: ClusterSpec): { profile: BuiltProfile; networkType?: string } {
  const settings = profileSpecOf(spec);
  try {
    return { profile: buildProfile(settings), networkType: settings.networkType };
  } catch (e) {
    throw new EngineError(`invalid cluster settings: ${(e as Error).message}`, "cluster/invalid");
  }
}

class ReferenceEngine implements Engine {
  private readonly clock: Clock = createClock();
  /** kube-proxy's draws for DNS traffic and `netspec serve`'s choice of replica. */
  private readonly proxyRng: Rng;
  private readonly runtime: ClusterRuntime;
  private readonly edits: ObjectEdits;
  private readonly deployment: DnsDeployment;
  private readonly path: QueryPath;
  private readonly resolvers: ClientResolvers;
  private readonly datapath: DatapathCache;
  private readonly faults: ActiveFaults;

  /** OpenShift's Cluster Network Operator (inert on other profiles). */
  readonly network: NetworkOperator;

  constructor(given: ClusterSpec, options: EngineOptions) {
    /** The scenario's upstream world (one array: forward's fault table is keyed by it). */
    const upstream = options.upstream ?? [];
    const rng = createRng(options.seed);
    this.proxyRng = rng.fork("kube-proxy");
    const built = profileOf(given);
    const profile = built.profile;
    // The CNI profile follows OpenShift's network type unless the scenario names one.
    const spec: ClusterSpec = { ...given, cni: cniOf(given, profile, built.networkType) };
    const hostResolvConf = parseNodeResolvConf(profile.nodeResolvConf);
    const runtime = (this.runtime = new ClusterRuntime({
      info: profile.info,
      clock: this.clock,
      rng: rng.fork("cluster"),
      taints: profile.taints,
      reservedServiceIPs: profile.reservedServiceIPs,
      pinnedIPsAnywhere: profile.pinnedIPsAnywhere,
      kubernetesVersion: spec.kubernetesVersion,
      // OVN-Kubernetes allocates pod addresses itself (.1 gateway and .2 management port reserved).
      podIpam: spec.cni?.toLowerCase() === "ovn-kubernetes" ? "ovn-kubernetes" : "host-local",
    }));
    const builtins: SourceText = {
      path: `<${spec.profile} profile>`,
      text: profile.manifests,
      line: 1,
      column: 1,
    };
    guard(() => runtime.apply([builtins]));
    const state = new FaultState();
    this.edits = new ObjectEdits(runtime, this.clock);
    const base = {
      spec,
      profile,
      runtime,
      clock: this.clock,
      rng: rng,
      upstream,
      hostResolvConf,
      faults: state,
    };
    const deployment = (this.deployment = new DnsDeployment(base));
    // Corefile changes from here on are the deployment's to reload (the built-ins above are its start).
    const network = (this.network = new NetworkOperator(
      runtime,
      profile.info,
      built.networkType ?? "OVNKubernetes",
    ));
    runtime.onConfigChange = (obj) => {
      deployment.configChanged(obj);
      network.configChanged(obj);
    };
    this.path = new QueryPath({
      ...base,
      proxyMode: spec.proxyMode,
      proxyRng: this.proxyRng,
      deployment,
      // A DNS query meets policy too: a tier the profile does not model makes it unsupported.
      policyAllows: (src, dst, port, protocol) =>
        guardDatapath(() => this.datapath.current().policyAllows(src, dst, port, protocol)),
    });
    this.resolvers = new ClientResolvers(runtime.store, spec, profile, hostResolvConf, this.path);
    this.datapath = new DatapathCache(runtime.store, spec, rng, state, (from, name) => {
      if (from.kind !== "pod") return { ips: [], reasons: [`only pods resolve names (${from.kind} given)`] };
      const walk = this.resolve({ pod: { namespace: from.namespace, name: from.name } }, name, "A");
      return {
        ips: walk.answer,
        reasons: [`resolved "${name}" (${walk.libc}): ${walk.rcode} after ${walk.steps.length} queries`],
      };
    });
    const host = createFaultHost({
      runtime,
      faults: state,
      deployment,
      edits: this.edits,
      upstream,
      rng: rng,
    });
    this.faults = new ActiveFaults(host);
  }

  get view(): ClusterView {
    return this.runtime.store;
  }

  apply(sources: SourceText[]): { applied: ObjectKey[] } {
    return this.edits.apply(sources);
  }

  delete(key: ObjectKey): void {
    this.edits.delete(key);
  }

  label(key: ObjectKey, change: Parameters<Engine["label"]>[1]): void {
    this.edits.label(key, change);
  }

  patch(key: ObjectKey, ops: Parameters<Engine["patch"]>[1]): void {
    this.edits.patch(key, ops);
  }

  scale(key: ObjectKey, replicas: number): void {
    this.edits.scale(key, replicas);
  }

  get(key: ObjectKey): Record<string, unknown> | undefined {
    return this.edits.get(key);
  }

  object(key: ObjectKey) {
    return this.edits.object(key);
  }

  fault(name: string, args: { key?: string; value: string }[]): void {
    this.faults.fault(name, args);
  }

  heal(name: string): void {
    this.faults.heal(name);
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.deployment.tick();
  }

  dns(request: DnsQueryRequest): DnsExchange {
    return this.path.dns(request);
  }

  handleWire(packet: Uint8Array, meta: WireMeta): Uint8Array | undefined {
    return this.deployment.handleWire(packet, meta, this.proxyRng)[0];
  }

  handleWireMessages(packet: Uint8Array, meta: WireMeta): Uint8Array[] {
    return this.deployment.handleWire(packet, meta, this.proxyRng);
  }

  coredns(): CorednsStatus {
    return this.deployment.status();
  }

  resolve(
    from: { pod: { namespace: string; name: string } } | { node: string },
    name: string,
    type: "A" | "AAAA" | "ANY" = "A",
  ): ResolveWalk {
    return this.resolvers.resolve(from, name, type);
  }

  resolvConf(ref: { namespace: string; name: string }): {
    conf: ResolvConf;
    text: string;
    warnings: string[];
  } {
    return this.resolvers.resolvConf(ref);
  }

  hosts(ref: { namespace: string; name: string }): { entries: HostsEntry[]; text: string } {
    return this.resolvers.hosts(ref);
  }

  connect(request: ConnectRequest): ConnectResult {
    return this.datapath.run((d) => d.connect(request));
  }

  reach(request: ReachRequest): ReachTable {
    return this.datapath.run((d) => d.reach(request));
  }
}
