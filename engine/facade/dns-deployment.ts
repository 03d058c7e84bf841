/**
 * The cluster's DNS deployment: the CoreDNS replicas (the pods the DNS Service selected when the
 * cluster came up) each with its own CoreDNS instance, the Corefile they serve and where it comes from
 * (the profile's ConfigMap, re-rendered from the DNS CR by OpenShift's cluster-dns-operator), reloads,
 * crash-looping replicas and the deployment's status.
 *
 * Corefile changes take effect like CoreDNS's `reload` plugin: after its check interval plus a jitter
 * drawn from the run's RNG (plugin/reload/setup.go defaults: interval 30s, jitter 15s) of virtual
 * time; a Corefile without `reload` is only read at start. An invalid new Corefile is logged and the
 * old one keeps serving (plugin/reload/reload.go).
 */
import {
  probeReadiness,
  renderOpenShiftCorefile,
  type BuiltProfile,
  type ClusterRuntime,
  type ConfigMap,
  type KubeObject,
  type Pod,
  type Service,
} from "../cluster/index.js";
import {
  createDnsService,
  parseCorefile,
  reloadPeriodMs,
  reloadTiming,
  type DnsService,
} from "../dns/index.js";
import { EngineError, type ClusterSpec, type CorednsStatus, type WireMeta } from "../engine.js";
import type { ResolvConf } from "../resolver/index.js";
import type { Clock, Rng, SourceText, UpstreamEntry } from "../support/index.js";
import { containerFile } from "./coredns-files.js";
import { guardCorefile } from "./errors.js";
import type { FaultState } from "./fault-state.js";

export interface DnsDeploymentDeps {
  spec: ClusterSpec;
  profile: BuiltProfile;
  runtime: ClusterRuntime;
  clock: Clock;
  rng: Rng;
  upstream: UpstreamEntry[];
  hostResolvConf: ResolvConf;
  faults: FaultState;
}

const isReady = (p: Pod) => p.status.conditions.some((c) => c.type === "Ready" && c.status === "True");

export class DnsDeployment {
  private corefile: SourceText;
  private pending: { source: SourceText; atMs: number } | undefined;
  private readonly instances = new Map<string, DnsService>();
  /** The port `handleWire` reaches on each instance (its Corefile's ports do not change). */
  private readonly wirePorts = new WeakMap<DnsService, number>();
  private readonly reloadLog: string[] = [];
  private corednsSelector: Record<string, string> | undefined;
  private podsCache: { revision: number; pods: Pod[] } | undefined;
  /** Replicas kept out of the endpoints by a readiness probe nothing answers. */
  private readonly probeFailing = new Set<string>();

  /** Takes the Corefile (the spec's, written into the ConfigMap, or the ConfigMap's) and validates it. */
  constructor(private readonly deps: DnsDeploymentDeps) {
    const { spec } = deps;
    if (spec.corefile) {
      this.corefile = spec.corefile;
      const cm = this.corefileConfigMap();
      if (cm) deps.runtime.putBuiltin({ ...cm, data: { ...cm.data, Corefile: spec.corefile.text } });
    } else {
      this.corefile = this.configMapCorefile()!;
    }
    // Fail at creation on an invalid Corefile, as CoreDNS would crash-loop.
    this.build(this.corefile, "validate");
    // A replica's HTTP readiness probe is answered by its own CoreDNS process (plugin/ready); the
    // replicas started before this deployment existed are probed again with it.
    const fallback = deps.runtime.probeListener;
    deps.runtime.probeListener = (pod, port, kind) =>
      kind === "httpGet" && this.runsCoredns(pod)
        ? this.instanceFor(pod)
            .httpEndpoints()
            .some((e) => e.plugin === "ready" && e.port === port)
        : fallback(pod, port, kind);
    for (const p of this.pods()) if (!isReady(p) && this.probeOk(p)) deps.runtime.setPodReady(p, true);
    this.syncHealth();
  }

  /** The DNS Service of the profile (kube-dns, OpenShift's dns-default). */
  service(): Service | undefined {
    const ref = this.deps.profile.info.dnsService;
    return this.deps.runtime.store.service(ref.namespace, ref.name);
  }

  /**
   * CoreDNS pods: those the DNS Service selected when the cluster came up (the CoreDNS Deployment's or
   * DaemonSet's pods), sorted by name. Kept even if the Service's selector is later broken: the pods
   * still run. Every query needs them: computed once per store revision.
   */
  pods(): Pod[] {
    const revision = this.deps.runtime.store.revision;
    if (this.podsCache?.revision === revision) return this.podsCache.pods;
    const svc = this.service();
    this.corednsSelector ??= svc?.spec.selector ? { ...svc.spec.selector } : undefined;
    let pods: Pod[] = [];
    if (this.corednsSelector) {
      const ns = svc?.metadata.namespace ?? this.deps.profile.info.dnsService.namespace;
      pods = [...this.deps.runtime.selectPods(ns, this.corednsSelector)].sort((a, b) =>
        a.metadata.name < b.metadata.name ? -1 : 1,
      );
    }
    this.podsCache = { revision, pods };
    return pods;
  }

  /** Whether `pod` is one of the CoreDNS replicas. */
  runsCoredns(pod: Pod): boolean {
    return this.pods().some(
      (p) => p.metadata.namespace === pod.metadata.namespace && p.metadata.name === pod.metadata.name,
    );
  }

  /** The CoreDNS instance of one replica. */
  instanceFor(pod: Pod): DnsService {
    let s = this.instances.get(pod.metadata.name);
    if (!s) {
      s = this.build(this.corefile, pod.metadata.name);
      this.instances.set(pod.metadata.name, s);
    }
    return s;
  }

  /**
   * The CoreDNS of a bare cluster: one process outside the cluster model whose own address is the one
   * `netspec serve` listens on (setup.go boundIPs: what the kubernetes plugin's NS records build on).
   */
  standaloneInstance(serverIp: string | undefined): DnsService {
    const key = `standalone/${serverIp ?? ""}`;
    let s = this.instances.get(key);
    if (!s) {
      const own = serverIp ? [serverIp] : [];
      s = this.build(this.corefile, "coredns", own, own);
      this.instances.set(key, s);
    }
    return s;
  }

  /**
   * `netspec serve`: one listener stands for the whole deployment, so a packet goes to a replica drawn
   * from `rng` (or, for a bare cluster, to the CoreDNS outside the model). It reaches the pod's DNS
   * port, or, for a Corefile that serves one other port only (e.g. `.:5353` given with --corefile),
   * that port.
   */
  handleWire(packet: Uint8Array, meta: WireMeta, rng: Rng): Uint8Array[] {
    let instance: DnsService;
    if (this.deps.spec.addons === false) {
      instance = this.standaloneInstance(meta.serverIp);
    } else {
      const pods = this.pods();
      if (pods.length === 0) return [];
      instance = this.instanceFor(pods[rng.int(pods.length)]!);
    }
    let port = this.wirePorts.get(instance);
    if (port === undefined) {
      const ports = instance.ports();
      const dnsPort = this.deps.profile.dnsPodPort;
      port = ports.includes(dnsPort) || ports.length !== 1 ? dnsPort : ports[0]!;
      this.wirePorts.set(instance, port);
    }
    return instance.handleWireMessages(packet, { ...meta, port });
  }

  /** CoreDNS restarts (new resolv.conf, new Corefile): replicas that cannot start crash-loop. */
  restart(): void {
    this.instances.clear();
    this.syncHealth();
  }

  /** The informers' view changed wholesale (API frozen or back): every replica rebuilds lazily. */
  resync(): void {
    this.instances.clear();
  }

  /** Virtual time moved on: a pending Corefile change is reloaded once its delay has passed. */
  tick(): void {
    if (!this.pending || this.deps.clock.now() < this.pending.atMs) return;
    const next = this.pending.source;
    this.pending = undefined;
    try {
      this.build(next, "validate");
      this.corefile = next;
      this.restart();
      this.reloadLog.push(`[INFO] Reloading complete`);
    } catch (e) {
      // reload plugin: a broken Corefile is logged and the running one stays.
      this.reloadLog.push(`[ERROR] Corefile changed but reload failed: ${(e as Error).message}`);
    }
  }

  /** A ConfigMap or DNS CR changed (ClusterRuntime.onConfigChange). */
  configChanged(obj: KubeObject): void {
    if (obj.kind === "DNS" && obj.metadata.name === "default" && this.deps.spec.profile === "openshift") {
      this.renderFromOperator();
      return;
    }
    const ref = this.deps.profile.corefileConfigMap;
    if (
      obj.kind !== "ConfigMap" ||
      obj.metadata.namespace !== ref.namespace ||
      obj.metadata.name !== ref.name
    )
      return;
    if (this.deps.spec.corefile !== undefined) return;
    const next = this.configMapCorefile();
    if (!next || next.text === this.corefile.text) return;
    if (!/^\s*reload\b/m.test(this.corefile.text)) {
      this.reloadLog.push(
        "[INFO] Corefile changed; no reload plugin, the change applies only after a restart",
      );
      return;
    }
    this.pending = { source: next, atMs: this.deps.clock.now() + this.reloadDelayMs() };
  }

  /**
   * How long the running CoreDNS takes to see a Corefile change: its reload ticker's period (the last
   * `reload` directive's interval and jitter, plugin/reload/setup.go), counted from the edit, since
   * the change is read on the first tick after it (reload.go hook).
   */
  private reloadDelayMs(): number {
    const directives = parseCorefile(this.corefile).flatMap((b) => b.directives);
    const reload = directives.filter((d) => d.name === "reload").pop();
    if (!reload) return 0;
    return reloadPeriodMs(reloadTiming(reload), this.deps.rng);
  }

  /** dns-operator-down healed: the operator renders what changed meanwhile. */
  operatorBack(): void {
    const { faults } = this.deps;
    if (!faults.operatorPending) return;
    faults.operatorPending = false;
    const dns = this.deps.runtime.store.get("DNS", "", "default");
    if (dns) this.configChanged(dns);
  }

  /** Writes a new Corefile into the ConfigMap (picked up after the reload delay); returns the undo. */
  editCorefile(text: string): () => void {
    const before = this.configMapCorefile()?.text ?? this.corefile.text;
    const set = (t: string) => {
      const cm = this.corefileConfigMap();
      if (!cm)
        throw new EngineError("corefile-edit: the profile has no Corefile ConfigMap", "fault/unsupported");
      this.deps.runtime.putBuiltin({ ...cm, data: { ...cm.data, Corefile: t } });
      this.configChanged(this.corefileConfigMap()!);
    };
    set(text);
    return () => set(before);
  }

  status(): CorednsStatus {
    const pods = this.pods();
    const ready = pods.filter(isReady);
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

  /** cluster-dns-operator re-renders dns-default from the DNS CR (unless it is down). */
  private renderFromOperator(): void {
    const { faults, runtime } = this.deps;
    if (faults.operatorDown) {
      // dns-operator-down: nobody renders the CR into the ConfigMap until the operator is back.
      faults.operatorPending = true;
      return;
    }
    const cm = this.corefileConfigMap();
    const current = runtime.store.get("DNS", "", "default");
    if (cm && current && current.kind === "DNS") {
      const text = renderOpenShiftCorefile(current.spec, this.deps.profile.info.domain);
      if (text !== cm.data.Corefile) runtime.putBuiltin({ ...cm, data: { ...cm.data, Corefile: text } });
    }
  }

  /**
   * A CoreDNS replica whose server stopped (loop detected, broken plugin setup) crash-loops: kubelet
   * reports it not Ready, so it leaves the DNS Service's endpoints; once it runs again it comes back.
   * A running replica whose readiness probe finds nothing listening (a Corefile without plugin/ready
   * on the probe's port, kubeadm's `GET :8181/ready`) is not Ready either (kubelet prober.go: an
   * HTTP probe refused is a failure), so it never joins the endpoints.
   */
  private syncHealth(): void {
    const { faults, runtime } = this.deps;
    for (const p of this.pods()) {
      const instance = this.instanceFor(p);
      const running = instance.status().running;
      const probeOk = this.probeOk(p);
      if (!running && !faults.isDown(p)) {
        faults.setDown(p, true);
        runtime.setPodReady(p, false, "CrashLoopBackOff");
      } else if (running && faults.isDown(p)) {
        faults.setDown(p, false);
        if (probeOk) runtime.setPodReady(p, true);
      }
      if (running && !probeOk && !this.probeFailing.has(p.metadata.name)) {
        this.probeFailing.add(p.metadata.name);
        runtime.setPodReady(p, false, "ContainersNotReady");
      } else if (running && probeOk && this.probeFailing.delete(p.metadata.name)) {
        runtime.setPodReady(p, true);
      }
    }
  }

  /**
   * Whether the replica's readiness probes succeed (engine/cluster/readiness-probe.ts, kubelet's
   * prober): an `httpGet` is answered only where its CoreDNS serves plugin/ready on the probe's port
   * (kubeadm's `GET :8181/ready`).
   */
  private probeOk(pod: Pod): boolean {
    return probeReadiness(pod, this.deps.runtime.probeListener).ready;
  }

  private corefileConfigMap(): ConfigMap | undefined {
    const ref = this.deps.profile.corefileConfigMap;
    return this.deps.runtime.store.configMap(ref.namespace, ref.name);
  }

  /** A file of replica `hostname`'s CoreDNS container (coredns-files.ts), or one `netspec serve` read. */
  private podFile(hostname: string, path: string): string | undefined {
    const own = this.deps.spec.corednsFiles?.[path];
    if (own !== undefined) return own;
    const pods = this.pods();
    const pod = pods.find((p) => p.metadata.name === hostname) ?? pods[0];
    return containerFile(
      pod,
      (ns, name) => this.deps.runtime.store.configMap(ns, name),
      this.corefileConfigMap(),
      path,
    );
  }

  private configMapCorefile(): SourceText | undefined {
    const cm = this.corefileConfigMap();
    const text = cm?.data.Corefile;
    if (text === undefined || !cm) return undefined;
    const src = cm.metadata.source;
    const name = `ConfigMap ${cm.metadata.namespace}/${cm.metadata.name}`;
    return { path: src ? `${src.path} (${name} Corefile)` : name, text, line: 1, column: 1 };
  }

  private build(corefile: SourceText, hostname: string, self?: string[], nameservers?: string[]): DnsService {
    const { deps } = this;
    const dnsPods = this.pods();
    const serviceIPs = this.service()?.spec.clusterIPs.filter((ip) => ip !== "None") ?? [];
    return guardCorefile(corefile, () =>
      createDnsService({
        corefile,
        env: {
          cluster: deps.faults.apiFrozen ?? deps.runtime.store,
          clock: deps.clock,
          rng: deps.rng.fork(`coredns/${hostname}`),
          upstream: deps.upstream,
          hostResolvConf: deps.faults.corednsResolvConf ?? deps.hostResolvConf,
          // A replica's boundIPs are its own pod's addresses only (setup.go reads the pod's
          // interfaces): answers come from one replica, so nsAddrs finds one endpoint, one glue record.
          selfAddresses: self ?? [...(dnsPods[0]?.status.podIPs ?? []), ...serviceIPs],
          hostname,
          readFile: (path) => this.podFile(hostname, path),
          ...(nameservers ? { nameserverAddresses: nameservers } : {}),
        },
      }),
    );
  }
}
