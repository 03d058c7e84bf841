/**
 * The reference engine facade: one cluster runtime (store + controllers), the CoreDNS model per DNS
 * pod, and the client side (the pod's nameserver, kube-proxy's service translation), all on one
 * virtual clock and seeded RNG.
 *
 * DNS path: source pod → its first nameserver (kubelet rules, dns-behaviour.md §10.2) → if that is a
 * service IP, kube-proxy picks a ready endpoint with the seeded RNG (no endpoints = the packet goes
 * nowhere: timeout) → the CoreDNS instance of that pod answers with clientIp = the source's IP.
 *
 * Corefile changes (ConfigMap edit, OpenShift DNS CR) take effect like CoreDNS's `reload` plugin: after
 * its 30s check interval plus up to 15s jitter (drawn from the RNG) of virtual time; a Corefile without
 * `reload` is only read at start. An invalid new Corefile is logged and the old one keeps serving.
 */
import {
  ClusterError,
  ClusterRuntime,
  KINDS,
  buildProfile,
  mergePatch,
  removePath,
  renderOpenShiftCorefile,
  setPath,
  toManifest,
  type BuiltProfile,
  type ClusterView,
  type KubeObject,
  type Pod,
  type Service,
  type Workload,
} from "./cluster/index.js";
import { inject as injectFault, FaultError, type FaultHost } from "./faults/index.js";
import {
  createDnsService,
  upstreamFaultsFor,
  encodeMessage,
  encodeReply,
  makeQuery,
  CorefileError,
  UpstreamWorld,
  type DnsService,
} from "./dns/index.js";
import {
  createDatapath,
  DatapathError,
  type ConnectRequest,
  type ConnectResult,
  type Datapath,
  type ReachRequest,
  type ReachTable,
} from "./datapath/index.js";
import {
  resolveName,
  type HostsEntry,
  type Libc,
  type ResolvConf,
  type ResolveWalk,
} from "./resolver/index.js";
import {
  podHosts,
  podResolvConf,
  openshiftNodeResolverHosts,
  type KubeletDnsContext,
} from "./cluster/index.js";
import {
  createClock,
  createRng,
  type Clock,
  type Rng,
  type SourceText,
  type UpstreamEntry,
} from "./support/index.js";
import { parseDocument } from "yaml";
import {
  EngineError,
  type ClusterSpec,
  type CorednsStatus,
  type DnsExchange,
  type DnsQueryRequest,
  type Engine,
  type EngineOptions,
  type ObjectKey,
} from "./engine.js";
import { canonicalIp } from "./net/index.js";

/** CoreDNS reload plugin defaults (plugin/reload/setup.go): interval 30s, jitter 15s. */
const RELOAD_INTERVAL_MS = 30_000;
const RELOAD_JITTER_MS = 15_000;

export function createEngine(spec: ClusterSpec, options: EngineOptions): Engine {
  return new ReferenceEngine(spec, options);
}

const KIND_ALIASES: Record<string, string> = {
  pod: "Pod",
  pods: "Pod",
  po: "Pod",
  service: "Service",
  services: "Service",
  svc: "Service",
  namespace: "Namespace",
  namespaces: "Namespace",
  ns: "Namespace",
  node: "Node",
  nodes: "Node",
  no: "Node",
  endpointslice: "EndpointSlice",
  endpointslices: "EndpointSlice",
  configmap: "ConfigMap",
  configmaps: "ConfigMap",
  cm: "ConfigMap",
  deployment: "Deployment",
  deployments: "Deployment",
  deploy: "Deployment",
  replicaset: "ReplicaSet",
  replicasets: "ReplicaSet",
  rs: "ReplicaSet",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  sts: "StatefulSet",
  daemonset: "DaemonSet",
  daemonsets: "DaemonSet",
  ds: "DaemonSet",
  job: "Job",
  jobs: "Job",
  networkpolicy: "NetworkPolicy",
  networkpolicies: "NetworkPolicy",
  netpol: "NetworkPolicy",
  dns: "DNS",
  network: "Network",
};

/** Rethrows the cluster model's errors as the facade's EngineError (same code, location, field path). */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ClusterError) throw new EngineError(e.message, e.code, e.location, e.fieldPath);
    throw e;
  }
}

function parseHostResolvConf(text: string): ResolvConf {
  // kubelet's host-file reading (dns-behaviour.md §10.1): nameservers accumulate, the last
  // search/options line wins, `#`/`;` comments.
  const conf: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") conf.search = rest;
    else if (key === "options") conf.options = rest;
  }
  return conf;
}

interface PendingCorefile {
  source: SourceText;
  atMs: number;
}

class ReferenceEngine implements Engine {
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly proxyRng: Rng;
  private readonly runtime: ClusterRuntime;
  private readonly profile: BuiltProfile;
  private readonly hostResolvConf: ResolvConf;
  private corefile: SourceText;
  private pending: PendingCorefile | undefined;
  private readonly fixedCorefile: boolean;
  private readonly instances = new Map<string, DnsService>();
  private readonly reloadLog: string[] = [];
  private booting = true;
  /** What active faults change (engine/faults inject through faultHost()). */
  private readonly faultState = {
    downPods: new Set<string>(),
    unreachableNodes: new Set<string>(),
    packetLoss: undefined as number | undefined,
    lossRng: undefined as Rng | undefined,
    apiFrozen: undefined as ClusterView | undefined,
    operatorDown: false,
    operatorPending: false,
    partitions: new Set<string>(),
    staleProxy: new Map<string, Map<string, { pod: Pod; port: number }[]>>(),
    corednsResolvConf: undefined as ResolvConf | undefined,
  };
  /** The scenario's upstream world (one array: forward's fault table is keyed by it). */
  private readonly upstreamEntries: UpstreamEntry[];
  /** Healers of the active faults, newest last. */
  private readonly active: { name: string; heal: () => void }[] = [];

  constructor(
    private readonly spec: ClusterSpec,
    private readonly options: EngineOptions,
  ) {
    this.clock = createClock();
    this.upstreamEntries = options.upstream ?? [];
    this.rng = createRng(options.seed);
    this.proxyRng = this.rng.fork("kube-proxy");
    try {
      this.profile = buildProfile({
        profile: spec.profile,
        nodes: spec.nodes,
        serviceCidrs: spec.serviceCidrs,
        podCidrs: spec.podCidrs,
        hostPrefix: spec.hostPrefix,
        clusterDomain: spec.clusterDomain,
        nodeResolvConf: spec.nodeResolvConf,
        ipFamily: spec.ipFamily,
        addons: spec.addons,
      });
    } catch (e) {
      throw new EngineError(`invalid cluster settings: ${(e as Error).message}`, "cluster/invalid");
    }
    this.hostResolvConf = parseHostResolvConf(this.profile.nodeResolvConf);
    this.runtime = new ClusterRuntime({
      info: this.profile.info,
      clock: this.clock,
      rng: this.rng.fork("cluster"),
      taints: this.profile.taints,
      reservedServiceIPs: this.profile.reservedServiceIPs,
      pinnedIPsAnywhere: this.profile.pinnedIPsAnywhere,
      kubernetesVersion: spec.kubernetesVersion,
    });
    this.runtime.onConfigChange = (obj) => this.configChanged(obj);
    const builtins = { path: `<${spec.profile} profile>`, text: this.profile.manifests, line: 1, column: 1 };
    guard(() => this.runtime.apply([builtins]));
    this.fixedCorefile = spec.corefile !== undefined;
    if (spec.corefile) {
      this.corefile = spec.corefile;
      const cm = this.corefileConfigMap();
      if (cm) this.runtime.putBuiltin({ ...cm, data: { ...cm.data, Corefile: spec.corefile.text } });
    } else {
      this.corefile = this.configMapCorefile()!;
    }
    this.booting = false;
    // Fail at creation on an invalid Corefile, as CoreDNS would crash-loop.
    this.buildInstance(this.corefile, "validate");
    this.syncCorednsHealth();
  }

  get view(): ClusterView {
    return this.runtime.store;
  }

  // ---- cluster edits ----

  apply(sources: SourceText[]): { applied: ObjectKey[] } {
    return { applied: guard(() => this.runtime.apply(sources)) };
  }

  private kindOf(key: ObjectKey): string {
    const k = KIND_ALIASES[key.kind.toLowerCase()] ?? key.kind;
    if (!KINDS[k] || k === "Endpoints")
      throw new EngineError(`unknown kind "${key.kind}"`, "object/unknown-kind");
    return k;
  }

  private lookup(key: ObjectKey): { kind: string; namespace: string; obj: KubeObject | undefined } {
    const kind = this.kindOf(key);
    const namespace = KINDS[kind]!.namespaced ? (key.namespace ?? "default") : "";
    return { kind, namespace, obj: this.runtime.store.get(kind, namespace, key.name) };
  }

  private must(key: ObjectKey): KubeObject {
    const { kind, obj } = this.lookup(key);
    if (!obj) throw new EngineError(`${kind.toLowerCase()}s "${key.name}" not found`, "object/not-found");
    return obj;
  }

  delete(key: ObjectKey): void {
    const { kind, namespace } = this.lookup(key);
    if (!guard(() => this.runtime.remove(kind, namespace, key.name)))
      throw new EngineError(`${kind.toLowerCase()}s "${key.name}" not found`, "object/not-found");
  }

  label(
    key: ObjectKey,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
  ): void {
    const obj = this.must(key);
    const m = toManifest(obj, this.clock.epochSeconds);
    let meta: Record<string, unknown>;
    if (change.podTemplate) {
      const spec = m.spec as Record<string, unknown> | undefined;
      const template = spec?.template as Record<string, unknown> | undefined;
      if (!template)
        throw new EngineError(
          `${obj.kind} "${obj.metadata.name}" has no pod template`,
          "object/invalid-edit",
        );
      meta = (template.metadata ??= {}) as Record<string, unknown>;
    } else meta = m.metadata as Record<string, unknown>;
    const field = change.annotate ? "annotations" : "labels";
    const map = { ...((meta[field] as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(change.set)) map[k] = v;
    for (const k of change.remove) delete map[k];
    meta[field] = map;
    guard(() => this.runtime.readmit(obj, m));
  }

  patch(
    key: ObjectKey,
    ops: (
      | { op: "set"; path: string; value: unknown }
      | { op: "remove"; path: string }
      | { op: "merge"; patch: SourceText }
    )[],
  ): void {
    const obj = this.must(key);
    let m: Record<string, unknown> = toManifest(obj, this.clock.epochSeconds);
    for (const op of ops) {
      if (op.op === "set") setPath(m, op.path, op.value);
      else if (op.op === "remove") {
        if (!removePath(m, op.path))
          throw new EngineError(
            `patch: path "${op.path}" does not exist on ${obj.kind} "${obj.metadata.name}"`,
            "object/invalid-edit",
          );
      } else {
        const doc = parseDocument(op.patch.text);
        if (doc.errors.length) {
          const loc = { path: op.patch.path, line: op.patch.line, column: op.patch.column };
          throw new EngineError(
            `${loc.path}:${loc.line}: invalid merge patch: ${doc.errors[0]!.message.split("\n")[0]}`,
            "manifest/yaml",
            loc,
          );
        }
        m = mergePatch(m, doc.toJS()) as Record<string, unknown>;
      }
    }
    guard(() => this.runtime.readmit(obj, m));
  }

  scale(key: ObjectKey, replicas: number): void {
    const obj = this.must(key);
    if (!["Deployment", "ReplicaSet", "StatefulSet", "Job"].includes(obj.kind))
      throw new EngineError(`${obj.kind} "${obj.metadata.name}" cannot be scaled`, "object/invalid-edit");
    const m = toManifest(obj, this.clock.epochSeconds);
    const spec = m.spec as Record<string, unknown>;
    if (obj.kind === "Job") spec.parallelism = replicas;
    else spec.replicas = replicas;
    guard(() => this.runtime.readmit(obj as Workload, m));
  }

  fault(name: string, args: { key?: string; value: string }[]): void {
    if (this.active.some((f) => f.name === name))
      throw new EngineError(`fault ${name} is already active`, "fault/invalid-args");
    try {
      this.active.push({ name, heal: injectFault(this.faultHost(), name, args) });
    } catch (e) {
      if (e instanceof FaultError) throw new EngineError(e.message, e.code);
      throw e;
    }
  }

  heal(name: string): void {
    const i = this.active.findIndex((f) => f.name === name);
    if (i < 0) throw new EngineError(`fault ${name} is not active`, "fault/not-active");
    const [f] = this.active.splice(i, 1);
    guard(() => f!.heal());
  }

  /** The extension points faults act through (engine/faults/host.ts). */
  private faultHost(): FaultHost {
    const st = this.faultState;
    const key = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
    return {
      dnsPods: () => this.dnsPods(),
      dnsService: () => this.dnsService(),
      pod: (ns, name) => this.runtime.store.pod(ns, name),
      node: (name) => this.runtime.store.node(name),
      nodes: () => [...this.runtime.store.nodes()].map((n) => n.metadata.name),
      podsOnNode: (node) => [...this.runtime.store.podsOnNode(node)],
      setPodReady: (pod, ready, reason) => this.runtime.setPodReady(pod, ready, reason),
      setPodDown: (pod, down) => (down ? st.downPods.add(key(pod)) : st.downPods.delete(key(pod))),
      setNodeReady: (node, status, reason, message) =>
        this.runtime.setNodeReady(node, status, reason, message),
      setNodeUnreachable: (node, on) =>
        on ? st.unreachableNodes.add(node) : st.unreachableNodes.delete(node),
      setServiceSelector: (svc, selector) =>
        this.patch({ kind: "Service", namespace: svc.metadata.namespace, name: svc.metadata.name }, [
          { op: "set", path: "spec.selector", value: selector },
        ]),
      setUpstream: (b) => upstreamFaultsFor(this.upstreamEntries).set("*", b ? { ...b } : undefined),
      setCorednsResolvConf: (text) => {
        st.corednsResolvConf = text === undefined ? undefined : parseHostResolvConf(text);
        this.restartCoredns();
      },
      freezeApi: (frozen) => {
        st.apiFrozen = frozen ? this.runtime.store.snapshot() : undefined;
        this.instances.clear();
      },
      setOperatorDown: (down) => {
        st.operatorDown = down;
        if (!down && st.operatorPending) {
          st.operatorPending = false;
          const dns = this.runtime.store.get("DNS", "", "default");
          if (dns) this.configChanged(dns);
        }
      },
      setPacketLoss: (rate) => {
        st.packetLoss = rate;
        st.lossRng = rate === undefined ? undefined : this.rng.fork("faults/dns-packet-loss");
      },
      setCniMissing: (missing) => {
        this.runtime.cniMissing = missing;
      },
      exhaustIpam: (node) => this.runtime.exhaustIpam(node),
      setStaleProxy: (node, stale) => {
        if (!stale) {
          st.staleProxy.delete(node);
          return;
        }
        // The rules kube-proxy last wrote on that node: every service port's endpoints of this moment.
        const rules = new Map<string, { pod: Pod; port: number }[]>();
        for (const svc of this.runtime.store.services())
          for (const sp of svc.spec.ports) {
            const c = this.serviceCandidates(svc, sp.name ?? "", sp.protocol);
            rules.set(`${svc.metadata.namespace}/${svc.metadata.name}:${sp.port}/${sp.protocol}`, c);
            rules.set(`dp:${svc.metadata.namespace}/${svc.metadata.name}:${sp.name ?? ""}/${sp.protocol}`, c);
          }
        st.staleProxy.set(node, rules);
      },
      setPartition: (a, b, on) => {
        const k = [a, b].sort().join("|");
        if (on) st.partitions.add(k);
        else st.partitions.delete(k);
      },
      editCorefile: (text) => {
        const before = this.configMapCorefile()?.text ?? this.corefile.text;
        const set = (t: string) => {
          const cm = this.corefileConfigMap();
          if (!cm)
            throw new EngineError(
              "corefile-edit: the profile has no Corefile ConfigMap",
              "fault/unsupported",
            );
          this.runtime.putBuiltin({ ...cm, data: { ...cm.data, Corefile: t } });
          this.configChanged(this.corefileConfigMap()!);
        };
        set(text);
        return () => set(before);
      },
    };
  }

  /** CoreDNS restarts (new resolv.conf or Corefile): replicas that cannot start crash-loop and go unready. */
  private restartCoredns(): void {
    this.instances.clear();
    this.syncCorednsHealth();
  }

  /**
   * A CoreDNS replica whose server stopped (loop detected, broken plugin setup) crash-loops: kubelet
   * reports it not Ready, so it leaves the DNS Service's endpoints; once it runs again it comes back.
   */
  private syncCorednsHealth(): void {
    for (const p of this.dnsPods()) {
      const running = this.instanceFor(p).status().running;
      const k = `${p.metadata.namespace}/${p.metadata.name}`;
      if (!running && !this.faultState.downPods.has(k)) {
        this.faultState.downPods.add(k);
        this.runtime.setPodReady(p, false, "CrashLoopBackOff");
      } else if (running && this.faultState.downPods.has(k)) {
        this.faultState.downPods.delete(k);
        this.runtime.setPodReady(p, true);
      }
    }
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    if (this.pending && this.clock.now() >= this.pending.atMs) {
      const next = this.pending.source;
      this.pending = undefined;
      try {
        this.buildInstance(next, "validate");
        this.corefile = next;
        this.instances.clear();
        this.syncCorednsHealth();
        this.reloadLog.push(`[INFO] Reloading complete`);
      } catch (e) {
        // reload plugin: a broken Corefile is logged and the running one stays.
        this.reloadLog.push(`[ERROR] Corefile changed but reload failed: ${(e as Error).message}`);
      }
    }
  }

  get(key: ObjectKey): Record<string, unknown> | undefined {
    const { obj } = this.lookup(key);
    return obj ? toManifest(obj, this.clock.epochSeconds) : undefined;
  }

  object(key: ObjectKey): KubeObject | undefined {
    return this.lookup(key).obj;
  }

  // ---- Corefile ----

  private corefileConfigMap() {
    const ref = this.profile.corefileConfigMap;
    return this.runtime.store.configMap(ref.namespace, ref.name);
  }

  private configMapCorefile(): SourceText | undefined {
    const cm = this.corefileConfigMap();
    const text = cm?.data.Corefile;
    if (text === undefined || !cm) return undefined;
    const src = cm.metadata.source;
    return {
      path: src
        ? `${src.path} (ConfigMap ${cm.metadata.namespace}/${cm.metadata.name} Corefile)`
        : `ConfigMap ${cm.metadata.namespace}/${cm.metadata.name}`,
      text,
      line: 1,
      column: 1,
    };
  }

  private configChanged(obj: KubeObject): void {
    if (this.booting) return;
    if (obj.kind === "DNS" && obj.metadata.name === "default" && this.spec.profile === "openshift") {
      if (this.faultState.operatorDown) {
        // dns-operator-down: nobody renders the CR into the ConfigMap until the operator is back.
        this.faultState.operatorPending = true;
        return;
      }
      // cluster-dns-operator re-renders dns-default from the CR.
      const cm = this.corefileConfigMap();
      const current = this.runtime.store.get("DNS", "", "default");
      if (cm && current && current.kind === "DNS") {
        const text = renderOpenShiftCorefile(current.spec, this.profile.info.domain);
        if (text !== cm.data.Corefile)
          this.runtime.putBuiltin({ ...cm, data: { ...cm.data, Corefile: text } });
      }
      return;
    }
    const ref = this.profile.corefileConfigMap;
    if (
      obj.kind !== "ConfigMap" ||
      obj.metadata.namespace !== ref.namespace ||
      obj.metadata.name !== ref.name ||
      this.fixedCorefile
    )
      return;
    const next = this.configMapCorefile();
    if (!next || next.text === this.corefile.text) return;
    if (!/^\s*reload\b/m.test(this.corefile.text)) {
      this.reloadLog.push(
        "[INFO] Corefile changed; no reload plugin, the change applies only after a restart",
      );
      return;
    }
    this.pending = {
      source: next,
      atMs: this.clock.now() + RELOAD_INTERVAL_MS + this.rng.int(RELOAD_JITTER_MS),
    };
  }

  /**
   * The CoreDNS of a bare cluster: one process outside the cluster model whose own address is the one
   * `netspec serve` listens on (setup.go boundIPs: what the kubernetes plugin's NS records build on).
   */
  private standaloneInstance(serverIp: string | undefined): DnsService {
    const key = `standalone/${serverIp ?? ""}`;
    let s = this.instances.get(key);
    if (!s) {
      const own = serverIp ? [serverIp] : [];
      s = this.buildInstance(this.corefile, "coredns", own, own);
      this.instances.set(key, s);
    }
    return s;
  }

  private buildInstance(
    corefile: SourceText,
    hostname: string,
    self?: string[],
    nameservers?: string[],
  ): DnsService {
    const dnsPods = this.dnsPods();
    try {
      return createDnsService({
        corefile,
        env: {
          cluster: this.faultState.apiFrozen ?? this.runtime.store,
          clock: this.clock,
          rng: this.rng.fork(`coredns/${hostname}`),
          upstream: this.upstreamEntries,
          hostResolvConf: this.faultState.corednsResolvConf ?? this.hostResolvConf,
          // A replica's boundIPs are its own pod's addresses only (setup.go reads the pod's
          // interfaces): answers come from one replica, so nsAddrs finds one endpoint, one glue record.
          selfAddresses: self ?? [...(dnsPods[0]?.status.podIPs ?? []), ...this.dnsServiceIPs()],
          hostname,
          ...(nameservers ? { nameserverAddresses: nameservers } : {}),
        },
      });
    } catch (e) {
      if (e instanceof CorefileError) {
        const loc = { path: corefile.path, line: corefile.line + e.line - 1, column: e.column ?? 1 };
        throw new EngineError(`${loc.path}:${loc.line}: ${e.message}`, "corefile/invalid", loc);
      }
      throw e;
    }
  }

  private world: UpstreamWorld | undefined;

  private upstreamWorld(): UpstreamWorld {
    this.world ??= new UpstreamWorld(this.upstreamEntries, this.clock.epochSeconds);
    return this.world;
  }

  private instanceFor(pod: Pod): DnsService {
    let s = this.instances.get(pod.metadata.name);
    if (!s) {
      s = this.buildInstance(this.corefile, pod.metadata.name);
      this.instances.set(pod.metadata.name, s);
    }
    return s;
  }

  private dnsService(): Service | undefined {
    const ref = this.profile.info.dnsService;
    return this.runtime.store.service(ref.namespace, ref.name);
  }

  private dnsServiceIPs(): string[] {
    return this.dnsService()?.spec.clusterIPs.filter((ip) => ip !== "None") ?? [];
  }

  /**
   * CoreDNS pods: those the DNS Service selected when the cluster came up (the CoreDNS Deployment's or
   * DaemonSet's pods). Kept even if the Service's selector is later broken: the pods still run.
   */
  private dnsPods(): Pod[] {
    // Every query needs them (serve routes each packet to a replica): computed once per store revision.
    const revision = this.runtime.store.revision;
    if (this.dnsPodsCache?.revision === revision) return this.dnsPodsCache.pods;
    const pods = this.selectDnsPods();
    this.dnsPodsCache = { revision, pods };
    return pods;
  }

  private dnsPodsCache: { revision: number; pods: Pod[] } | undefined;

  private selectDnsPods(): Pod[] {
    const svc = this.dnsService();
    this.corednsSelector ??= svc?.spec.selector ? { ...svc.spec.selector } : undefined;
    if (!this.corednsSelector) return [];
    const ns = svc?.metadata.namespace ?? this.profile.info.dnsService.namespace;
    return [...this.runtime.selectPods(ns, this.corednsSelector)].sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : 1,
    );
  }

  private corednsSelector: Record<string, string> | undefined;

  // ---- DNS ----

  /** The source's IP and its first resolv.conf nameserver (kubelet dnsPolicy rules, §10.2). */
  private source(from: DnsQueryRequest["from"]): { ip: string; server: string } {
    const clusterDns = this.profile.clusterDns[0]!;
    if (!from) {
      const cp = [...this.runtime.store.nodes()][0];
      return {
        ip: cp?.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "0.0.0.0",
        server: clusterDns,
      };
    }
    if ("node" in from) {
      const node = this.runtime.store.node(from.node);
      if (!node) throw new EngineError(`nodes "${from.node}" not found`, "object/not-found");
      return {
        ip: node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "0.0.0.0",
        server: this.hostResolvConf.nameservers[0] ?? "127.0.0.1",
      };
    }
    const pod = this.runtime.store.pod(from.pod.namespace, from.pod.name);
    if (!pod)
      throw new EngineError(
        `pods "${from.pod.name}" not found in namespace "${from.pod.namespace}"`,
        "object/not-found",
      );
    if (!pod.status.podIP)
      throw new EngineError(
        `pod ${from.pod.namespace}/${from.pod.name} has no IP (phase ${pod.status.phase}${pod.status.reason ? `, ${pod.status.reason}` : ""})`,
        "object/not-ready",
      );
    const policy = pod.spec.dnsPolicy;
    const clusterFirst =
      policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && !pod.spec.hostNetwork);
    const base = policy === "None" ? [] : clusterFirst ? [clusterDns] : this.hostResolvConf.nameservers;
    const servers = [...base, ...(pod.spec.dnsConfig?.nameservers ?? [])];
    if (servers.length === 0)
      throw new EngineError(`pod ${from.pod.namespace}/${from.pod.name} has no nameserver`, "object/invalid");
    return { ip: pod.status.podIP, server: servers[0]! };
  }

  /** Ready endpoints of a service port (the pods kube-proxy balances over). */
  private serviceCandidates(svc: Service, portName: string, proto: string): { pod: Pod; port: number }[] {
    const candidates: { pod: Pod; port: number }[] = [];
    for (const slice of this.runtime.store.endpointSlicesFor(svc.metadata.namespace, svc.metadata.name)) {
      const ep = slice.ports.find((p) => (p.name ?? "") === portName && (p.protocol ?? "TCP") === proto);
      if (!ep?.port) continue;
      for (const e of slice.endpoints) {
        if (e.conditions.ready === false || !e.targetRef) continue;
        const pod = this.runtime.store.pod(e.targetRef.namespace, e.targetRef.name);
        if (pod) candidates.push({ pod, port: ep.port });
      }
    }
    return candidates;
  }

  /** The node an address lives on: a pod's node, or a node's own address. */
  private nodeOfIp(ip: string): string | undefined {
    const pod = this.runtime.store.podsByIP(ip)[0];
    if (pod?.spec.nodeName) return pod.spec.nodeName;
    for (const n of this.runtime.store.nodes())
      if (n.status.addresses.some((a) => a.address === ip)) return n.metadata.name;
    return undefined;
  }

  private route(
    ip: string,
    port: number,
    transport: "udp" | "tcp",
    reasons: string[],
    from?: { ip: string },
  ): { pod: Pod; port: number } | { refused: true } | undefined {
    const proto = transport === "udp" ? "UDP" : "TCP";
    const svc = this.runtime.store.servicesByClusterIP(ip)[0];
    const srcNode = from ? this.nodeOfIp(from.ip) : undefined;
    if (svc) {
      const sp = svc.spec.ports.find((p) => p.port === port && p.protocol === proto);
      if (!sp) {
        reasons.push(`service ${svc.metadata.namespace}/${svc.metadata.name} has no ${port}/${proto} port`);
        return undefined;
      }
      const svcKey = `${svc.metadata.namespace}/${svc.metadata.name}:${port}/${proto}`;
      const stale = srcNode ? this.faultState.staleProxy.get(srcNode) : undefined;
      let candidates: { pod: Pod; port: number }[];
      if (stale) {
        candidates = stale.get(svcKey) ?? [];
        reasons.push(`kube-proxy on ${srcNode} is down: its rules for ${svcKey} are from before the fault`);
      } else {
        candidates = this.serviceCandidates(svc, sp.name ?? "", proto);
      }
      if (candidates.length === 0) {
        // kube-proxy (iptables/nftables) REJECTs traffic to a Service without endpoints: the client
        // gets ICMP port unreachable at once. IPVS has no such rule: the packet is simply dropped.
        if (this.spec.proxyMode === "ipvs") {
          reasons.push(`no endpoints for ${svc.metadata.namespace}/${svc.metadata.name} (IPVS: dropped)`);
          return undefined;
        }
        reasons.push(
          `kube-proxy: ${svc.metadata.namespace}/${svc.metadata.name} has no endpoints → REJECT (icmp-port-unreachable)`,
        );
        return { refused: true };
      }
      // kube-proxy: a random ready endpoint (iptables statistic mode random), from the seeded RNG.
      const pick = candidates[this.proxyRng.int(candidates.length)]!;
      reasons.push(
        `kube-proxy: ${ip}:${port}/${proto} → ${pick.pod.metadata.namespace}/${pick.pod.metadata.name} ${pick.pod.status.podIP}:${pick.port}`,
      );
      return pick;
    }
    const pod = this.runtime.store.podsByIP(ip).find((p) => !p.spec.hostNetwork);
    if (pod) return { pod, port };
    reasons.push(
      `nothing in the cluster model listens on ${ip} (an upstream resolver outside the cluster is not modelled as a server)`,
    );
    return undefined;
  }

  dns(request: DnsQueryRequest): DnsExchange {
    const src = this.source(request.from);
    return this.exchange(
      src.ip,
      request.server ?? src.server,
      request.name,
      request.type,
      request.transport ?? "udp",
      {
        rd: request.recursionDesired ?? true,
        bufsize: request.bufsize,
        do: request.dnssecOk,
      },
    );
  }

  /**
   * One query from `srcIp` to `serverSpec` (`ip` or `ip:port`): kube-proxy translation of a service IP,
   * then the CoreDNS instance of the chosen pod. Used by dns() and by the stub resolvers' `send`.
   */
  private exchange(
    srcIp: string,
    serverSpec: string,
    name: string,
    type: string,
    transport: "udp" | "tcp",
    opts: { rd?: boolean; bufsize?: number; do?: boolean } = {},
  ): DnsExchange {
    let serverIp = serverSpec;
    let port = 53;
    const m = /^\[([^\]]+)\]:(\d+)$/.exec(serverSpec) ?? /^([^:]+):(\d+)$/.exec(serverSpec);
    if (m) {
      serverIp = m[1]!;
      port = Number(m[2]);
    }
    const canonical = canonicalIp(serverIp);
    if (!canonical) throw new EngineError(`invalid DNS server address "${serverSpec}"`, "request/invalid");
    serverIp = canonical;
    const server =
      port === 53 ? serverIp : serverIp.includes(":") ? `[${serverIp}]:${port}` : `${serverIp}:${port}`;
    const reasons: string[] = [];
    const msg = makeQuery({
      name,
      type,
      rd: opts.rd ?? true,
      bufsize: opts.bufsize,
      do: opts.do,
      id: this.rng.int(65536),
    });
    const timeout = (why?: string): DnsExchange => {
      if (why) reasons.push(why);
      return { server, transport, elapsedMs: 5000, reasons };
    };
    const st = this.faultState;
    if (st.packetLoss !== undefined && transport === "udp" && st.lossRng!.next() < st.packetLoss)
      return timeout(
        `packet lost on the way to ${server} (dns-packet-loss ${Math.round(st.packetLoss * 100)}%)`,
      );
    if (port === 53 && this.hostResolvConf.nameservers.includes(serverIp)) {
      // The nodes' own resolvers (outside the cluster) answer from the scenario's upstream world, as
      // `forward . /etc/resolv.conf` sees it: what `dnsPolicy: Default` pods and nodes query.
      reasons.push(`${serverIp} is a node resolver outside the cluster: answered from the upstream world`);
      const fault = upstreamFaultsFor(this.upstreamEntries).of({ ip: serverIp, port: 53 });
      if (fault?.kind === "unreachable") return timeout(`${serverIp} is unreachable (upstream-unreachable)`);
      const ans = this.upstreamWorld().answer(msg);
      if (ans.kind === "timeout") return timeout("the upstream world does not answer this name");
      const reply =
        fault?.kind === "rcode"
          ? { ...ans.msg, rcode: fault.rcode, answer: [], authority: [], additional: [] }
          : ans.msg;
      return {
        server,
        transport,
        reply,
        size: encodeMessage(reply).length,
        elapsedMs: 1 + (fault?.kind === "slow" ? fault.delayMs : 0),
        reasons,
      };
    }
    const routed = this.route(serverIp, port, transport, reasons, { ip: srcIp });
    if (routed && "refused" in routed) return { server, transport, elapsedMs: 0, reasons, refused: true };
    const target = routed;
    if (!target) return timeout();
    const srcNode = this.nodeOfIp(srcIp);
    const dstNode = target.pod.spec.nodeName;
    if (dstNode && st.unreachableNodes.has(dstNode))
      return timeout(
        `node ${dstNode} is down (node-down): the packet to ${target.pod.metadata.name} is lost`,
      );
    if (srcNode && dstNode && srcNode !== dstNode && st.partitions.has([srcNode, dstNode].sort().join("|")))
      return timeout(`nodes ${srcNode} and ${dstNode} are partitioned: the packet is dropped`);
    // NetworkPolicy applies to DNS like any traffic, after kube-proxy's DNAT: an egress policy that
    // does not allow port 53 to the CoreDNS pods makes every lookup from the pod time out.
    const srcPod = this.runtime.store.podsByIP(srcIp).find((p) => !p.spec.hostNetwork);
    if (srcPod) {
      const verdict = this.datapath().policyAllows(
        srcPod,
        target.pod,
        target.port,
        transport === "udp" ? "UDP" : "TCP",
      );
      if (!verdict.allowed) return timeout(`NetworkPolicy drops the query: ${verdict.reason}`);
    }
    if (st.downPods.has(`${target.pod.metadata.namespace}/${target.pod.metadata.name}`)) {
      reasons.push(`nothing listens in ${target.pod.metadata.name} (CoreDNS is down): ICMP port unreachable`);
      return { server, transport, elapsedMs: 0, reasons, refused: true };
    }
    const dnsPods = new Set(this.dnsPods().map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    if (!dnsPods.has(`${target.pod.metadata.namespace}/${target.pod.metadata.name}`))
      return timeout(`pod ${target.pod.metadata.namespace}/${target.pod.metadata.name} does not run CoreDNS`);
    const instance = this.instanceFor(target.pod);
    if (!instance.ports().includes(target.port))
      return timeout(`CoreDNS in ${target.pod.metadata.name} does not listen on port ${target.port}`);
    const out = instance.query(msg, { clientIp: srcIp, transport, port: target.port });
    reasons.push(...out.reasons);
    const answeredBy = { namespace: target.pod.metadata.namespace, name: target.pod.metadata.name };
    if (!out.reply) return { server, transport, elapsedMs: out.elapsedMs, reasons, answeredBy };
    return {
      server,
      transport,
      answeredBy,
      reply: out.reply,
      // The bytes CoreDNS writes: uncompressed when the reply fits, compressed once truncated.
      size: encodeReply(out.reply, transport === "tcp" ? 65535 : (msg.edns?.udpSize ?? 512)).length,
      elapsedMs: out.elapsedMs,
      reasons,
    };
  }

  handleWire(
    packet: Uint8Array,
    meta: { transport: "udp" | "tcp"; clientIp: string; serverIp?: string },
  ): Uint8Array | undefined {
    let instance: DnsService;
    if (this.spec.addons === false) {
      instance = this.standaloneInstance(meta.serverIp);
    } else {
      const pods = this.dnsPods();
      if (pods.length === 0) return undefined;
      instance = this.instanceFor(pods[this.proxyRng.int(pods.length)]!);
    }
    // `netspec serve` listens on one address: queries go to the pod's DNS port, or, for a Corefile
    // that serves one other port only (e.g. `.:5353` given with --corefile), to that port.
    const ports = instance.ports();
    const port =
      ports.includes(this.profile.dnsPodPort) || ports.length !== 1 ? this.profile.dnsPodPort : ports[0]!;
    return instance.handleWire(packet, { clientIp: meta.clientIp, transport: meta.transport, port });
  }

  coredns(): CorednsStatus {
    const pods = this.dnsPods();
    const ready = pods.filter((p) =>
      p.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
    );
    const log = [...this.reloadLog];
    let running = true;
    let healthy = true;
    for (const p of pods) {
      const s = this.instanceFor(p).status();
      running &&= s.running;
      healthy &&= s.ready;
      log.push(...s.log);
    }
    const status: CorednsStatus["status"] = !running
      ? "CrashLoopBackOff"
      : healthy && ready.length > 0
        ? "Running"
        : "NotReady";
    return {
      status,
      ready: status === "Running",
      replicas: pods.length,
      readyReplicas: healthy ? ready.length : 0,
      log,
      corefile: this.corefile.text,
    };
  }

  // ---- kubelet, stub resolvers, datapath ----

  private kubeletContext(pod: Pod): KubeletDnsContext {
    const node = pod.spec.nodeName ? this.runtime.store.node(pod.spec.nodeName) : undefined;
    return {
      clusterDomain: this.profile.info.domain,
      clusterDNS: this.profile.clusterDns,
      hostConf: this.hostResolvConf,
      nodeHostname: node?.metadata.name ?? pod.spec.nodeName ?? "",
      nodeIPs: node?.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address) ?? [],
    };
  }

  private mustPod(ref: { namespace: string; name: string }): Pod {
    const pod = this.runtime.store.pod(ref.namespace, ref.name);
    if (!pod)
      throw new EngineError(
        `pods "${ref.name}" not found in namespace "${ref.namespace}"`,
        "object/not-found",
      );
    return pod;
  }

  private nodeHosts(): HostsEntry[] {
    const base: HostsEntry[] = [
      {
        ip: "127.0.0.1",
        names: ["localhost", "localhost.localdomain", "localhost4", "localhost4.localdomain4"],
      },
      { ip: "::1", names: ["localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6"] },
    ];
    return this.spec.profile === "openshift"
      ? [...base, ...openshiftNodeResolverHosts(this.runtime.store)]
      : base;
  }

  private libcOf(pod: Pod | undefined): Libc {
    const annotated = pod?.metadata.annotations["netspec.io/resolver"];
    if (annotated === "musl" || annotated === "glibc") return annotated;
    return this.spec.resolver ?? "glibc";
  }

  resolve(
    from: { pod: { namespace: string; name: string } } | { node: string },
    name: string,
    type: "A" | "AAAA" | "ANY" = "A",
  ): ResolveWalk {
    let conf: ResolvConf;
    let hosts: HostsEntry[];
    let srcIp: string;
    let libc: Libc;
    if ("pod" in from) {
      const pod = this.mustPod(from.pod);
      const src = this.source(from);
      srcIp = src.ip;
      conf = this.resolvConf(from.pod).conf;
      hosts = this.hosts(from.pod).entries;
      libc = this.libcOf(pod);
    } else {
      srcIp = this.source(from).ip;
      conf = this.hostResolvConf;
      hosts = this.nodeHosts();
      libc = "glibc";
    }
    return resolveName({
      name,
      type,
      conf,
      hosts,
      libc,
      send: (q) => {
        const x = this.exchange(srcIp, q.server, q.name, q.type, q.transport);
        if (x.refused) return { elapsedMs: 0, refused: true };
        return { reply: x.reply, elapsedMs: x.reply ? x.elapsedMs : q.timeoutMs };
      },
    });
  }

  resolvConf(ref: { namespace: string; name: string }): {
    conf: ResolvConf;
    text: string;
    warnings: string[];
  } {
    const pod = this.mustPod(ref);
    return podResolvConf(pod, this.kubeletContext(pod));
  }

  hosts(ref: { namespace: string; name: string }): { entries: HostsEntry[]; text: string } {
    const pod = this.mustPod(ref);
    return podHosts(pod, { ...this.kubeletContext(pod), nodeHosts: this.nodeHosts() });
  }

  private datapathCache: { revision: number; datapath: Datapath } | undefined;

  /** The datapath over the current state (rebuilt when the cluster changed; seeded per revision). */
  private datapath(): Datapath {
    const revision = this.runtime.store.revision;
    if (!this.datapathCache || this.datapathCache.revision !== revision) {
      this.datapathCache = {
        revision,
        datapath: createDatapath(this.runtime.store, {
          cni: this.spec.cni,
          proxyMode: this.spec.proxyMode,
          rng: this.rng.fork(`datapath/${revision}`),
          lost: (src, dst) => {
            const st = this.faultState;
            const a = src.spec.nodeName;
            const b = dst.spec.nodeName;
            if (!this.runtime.store.pod(dst.metadata.namespace, dst.metadata.name))
              return `no pod has ${dst.status.podIP} any more (a stale kube-proxy rule): the packet is lost`;
            if (b && st.unreachableNodes.has(b)) return `node ${b} is down (node-down): the packet is lost`;
            if (a && b && a !== b && st.partitions.has([a, b].sort().join("|")))
              return `nodes ${a} and ${b} are partitioned: the packet is dropped`;
            return undefined;
          },
          staleBackends: (src, svc, portName, protocol) => {
            const stale = src.spec.nodeName ? this.faultState.staleProxy.get(src.spec.nodeName) : undefined;
            if (!stale) return undefined;
            // A service created after kube-proxy stopped has no rule at all on that node.
            const k = `dp:${svc.metadata.namespace}/${svc.metadata.name}:${portName}/${protocol}`;
            return (stale.get(k) ?? []).map((c) => c.pod);
          },
          resolveName: (from, name) => {
            if (from.kind !== "pod")
              return { ips: [], reasons: [`only pods resolve names (${from.kind} given)`] };
            const walk = this.resolve({ pod: { namespace: from.namespace, name: from.name } }, name, "A");
            return {
              ips: walk.answer,
              reasons: [
                `resolved "${name}" (${walk.libc}): ${walk.rcode} after ${walk.steps.length} queries`,
              ],
            };
          },
        }),
      };
    }
    return this.datapathCache.datapath;
  }

  private viaDatapath<T>(fn: (d: Datapath) => T): T {
    try {
      return fn(this.datapath());
    } catch (e) {
      if (e instanceof DatapathError) {
        const code = /not modelled/.test(e.message) ? "datapath/unsupported" : "object/not-found";
        throw new EngineError(e.message, code);
      }
      throw e;
    }
  }

  connect(request: ConnectRequest): ConnectResult {
    return this.viaDatapath((d) => d.connect(request));
  }

  reach(request: ReachRequest): ReachTable {
    return this.viaDatapath((d) => d.reach(request));
  }
}
