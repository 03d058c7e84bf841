/**
 * `--target local`: real etcd, kube-apiserver, kube-controller-manager and CoreDNS on loopback, built
 * from Go modules (`netspec local build`). Manifests go through kubectl exactly as on the kind and
 * cluster targets (the KubeTarget code), so API defaulting and validation, the EndpointSlice controller
 * and CoreDNS's kubernetes plugin are the real ones. What a cluster's nodes would do — scheduling, pod
 * IPs, readiness, the pod files — has no real component here: the kubelet stand-in writes the
 * reference engine's decisions into the API (kubelet-stand-in.ts), which keeps the comparison about
 * the control plane and CoreDNS.
 *
 * Observed here: DNS answers (queried from CoreDNS directly, over UDP or TCP, at the replica the
 * reference's kube-proxy picked), glibc and musl resolver walks from pods (the real libcs in a private mount
 * namespace, libc-walk.ts), EndpointSlices and objects. Not observed, and skipped with the reason:
 * pod files (resolv.conf, /etc/hosts: no kubelet), connections, paths and reach tables
 * (there is no data plane), CoreDNS status, faults, `expect apply`.
 *
 * Per case: namespaces other than `default` get per-case names (as on kind); `default`, which holds
 * the API server's own `kubernetes` Service, is used as is and emptied between cases, as is every
 * object a case put into a system namespace.
 */
import { parseAllDocuments } from "yaml";
import type { ManifestText, ObjectRef, PatchOp, Value } from "../../../dsl/index.js";
import type { DnsObs, HostsObs, ResolvConfObs, ResolveObs } from "../../observation.js";
import { queryServer, serveUpstream } from "../dns-wire/index.js";
import { KubeTarget, Namespaced, NamespaceMap, execaRunner, type CommandRunner } from "../kube/index.js";
import { declined, observe } from "../observers.js";
import { createReferenceTarget, endpointLine, type KubeletView } from "../reference/index.js";
import {
  TargetError,
  type Capabilities,
  type Observers,
  type ProbeOf,
  type SuiteSetup,
  type TargetContext,
} from "../target.js";
import { Api } from "./api.js";
import { KUBERNETES_VERSION } from "./build.js";
import { ControlPlane, LOCAL_TOKEN } from "./control-plane.js";
import { CorednsProcess } from "./coredns-process.js";
import { emptyNamespace } from "./empty-namespace.js";
import { KubeletStandIn } from "./kubelet-stand-in.js";
import { freePort } from "./processes.js";
import { libcWalk } from "./libc-walk.js";
import { RecordingProxy } from "./recording-proxy.js";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";

export interface LocalTargetOptions {
  /** component → binary; called once, on first use (it may build them). */
  binaries: (ctx: TargetContext) => Promise<Record<string, string>>;
  corednsVersion: string;
  /** Runs kubectl (default: real processes). */
  runner?: CommandRunner;
  /** Namespaces keep their names (`local up`: one scenario, for a person); otherwise per-case names. */
  keepNamespaces?: boolean;
}

/**
 * The OpenShift kinds the reference understands, as schemaless CRDs so the API server stores them.
 * What the DNS operator does with its CR (render spec.servers into the Corefile) is the reference's
 * part, like the kubelet's: CoreDNS runs the Corefile the reference's operator rendered.
 */
const OPENSHIFT_CRD_NAMES = ["dnses.operator.openshift.io", "networks.config.openshift.io"];
const OPENSHIFT_CRDS = [
  ["operator.openshift.io", "dnses", "dns", "DNS"],
  ["config.openshift.io", "networks", "network", "Network"],
]
  .map(
    ([group, plural, singular, kind]) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${plural}.${group} }
spec:
  group: ${group}
  scope: Cluster
  names: { plural: ${plural}, singular: ${singular}, kind: ${kind}, listKind: ${kind}List }
  versions:
    - name: v1
      served: true
      storage: true
      subresources: { status: {} }
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`,
  )
  .join("---\n");

const REAL_WAIT_CAP_MS = 35_000;

export class LocalTarget extends KubeTarget {
  override readonly observers: Observers;
  private readonly shadow = createReferenceTarget();
  private readonly seam: { kubectl: string; kubeconfig: string };
  private bins?: Record<string, string>;
  private cp?: ControlPlane;
  private cidrs = "";
  private api?: Api;
  private standIn?: KubeletStandIn;
  /** One CoreDNS per DNS pod of the reference, each with its own cache, as in a cluster. */
  private replicas: CorednsProcess[] = [];
  private upstream?: { key: string; close(): Promise<void>; at: string };
  private addonKey = "";
  private workDir = "";
  /** The reference's node side as of the last settle (every step settles): what probes consult. */
  private view?: KubeletView;

  constructor(private readonly lo: LocalTargetOptions) {
    const seam = { kubectl: "kubectl", kubeconfig: "" };
    const inner = lo.runner ?? execaRunner();
    // kubectl is the one the build made, pointed at the local API server.
    const runner: CommandRunner = {
      run: (argv, options) =>
        inner.run(
          argv[0] === "kubectl" ? [seam.kubectl, "--kubeconfig", seam.kubeconfig, ...argv.slice(1)] : argv,
          options,
        ),
    };
    super({ spec: "local", runner });
    this.seam = seam;
    const kube = this.kubeObservers();
    const noKubelet = "the local target has no kubelet writing pod files";
    const noDataPlane = "the local target has no data plane (no kube-proxy, no CNI)";
    this.observers = {
      dns: (p, ctx) => this.query(p, ctx),
      resolve: (p, ctx) => this.walk(p, ctx),
      endpoints: kube.endpoints,
      object: kube.object,
      "resolv-conf": declined(noKubelet),
      hosts: declined(noKubelet),
      connect: declined(noDataPlane),
      path: declined(noDataPlane),
      reach: declined(noDataPlane),
      coredns: declined("CoreDNS status is not observed on the local target"),
      apply: declined("`expect apply` is not observed on the local target yet"),
    };
    Object.assign(this.params, { coredns: lo.corednsVersion, kubernetes: KUBERNETES_VERSION });
  }

  /** Where a person or a benchmark reaches this cluster (after prepare). */
  endpoint(): { dns: string; kubeconfig: string } {
    const first = this.replicas[0];
    if (!this.cp || !first) throw new TargetError("the local target is not up", "internal");
    return { dns: `${first.host}:${first.port}`, kubeconfig: this.cp.kubeconfig };
  }

  override capabilities(): Capabilities {
    return { faults: {} };
  }

  override async prepare(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    // The suite's API rules are those of one release (the engine gates them by it); this target
    // runs only the kube-apiserver it builds.
    const wanted = setup.cluster.kubernetesVersion;
    if (wanted !== undefined && !KUBERNETES_VERSION.startsWith(`v${wanted}.`))
      throw new TargetError(
        `the local target runs kube-apiserver ${KUBERNETES_VERSION}; the suite asks for kubernetes-version ${wanted}`,
        "unsupported",
      );
    await this.shadow.prepare(setup, ctx);
    await this.shadow.reset(setup, ctx);
    const view = this.shadow.kubeletView();
    this.bins ??= await this.lo.binaries(ctx);
    this.seam.kubectl = this.bins.kubectl!;
    if (this.cp && this.cidrs !== view.serviceCidrs.join(",")) await this.stopAll();
    if (!this.cp) {
      this.workDir = `${ctx.workDir}/local-${process.pid}-${Date.now()}`;
      pruneOldRuns(ctx.workDir, 5);
      mkdirSync(this.workDir, { recursive: true });
      ctx.log(`local: starting the control plane in ${this.workDir}`);
      this.cp = await ControlPlane.start({
        bins: this.bins,
        dir: this.workDir,
        serviceCidrs: view.serviceCidrs,
        advertiseAddress: view.nodes[0]?.addresses.find((a) => a.type === "InternalIP")?.address,
        signal: ctx.signal,
        log: ctx.log,
      }).catch((e: Error) => {
        throw new TargetError(`the local control plane did not start: ${e.message}`, "internal");
      });
      this.cidrs = view.serviceCidrs.join(",");
      this.seam.kubeconfig = this.cp.kubeconfig;
      this.kubectl.context = "netspec-local";
      this.api = new Api(this.cp.server, LOCAL_TOKEN);
      this.standIn = new KubeletStandIn(this.api, ctx.log);
      this.addonKey = "";
      await this.kubectl.apply(OPENSHIFT_CRDS, ctx);
      await this.kubectl.run(
        [
          "kubectl",
          "wait",
          "--for=condition=Established",
          "--timeout=30s",
          ...OPENSHIFT_CRD_NAMES.map((n) => `crd/${n}`),
        ],
        ctx,
      );
    }
    const upstreamKey = JSON.stringify(setup.upstream.map((u) => [u.name, u.type, u.data, u.ttl, u.rcode]));
    if (this.upstream?.key !== upstreamKey) {
      await this.upstream?.close();
      const port = await freePort("127.0.0.1");
      const listener = await serveUpstream(
        setup.upstream.map((u) => ({ name: u.name, type: u.type, data: u.data, ttl: u.ttl, rcode: u.rcode })),
        { host: "127.0.0.1", port },
        () => ({ back: (n) => this.ns.backName(n), forward: (n) => this.ns.forwardName(n) }),
      );
      this.upstream = { key: upstreamKey, close: () => listener.close(), at: `127.0.0.1:${port}` };
      for (const r of this.replicas) await r.stop();
      this.replicas = [];
    }
    this.domain = view.domain;
  }

  private domain = "cluster.local";

  /** The reference's DNS pods as `namespace/name`, in order: replica i plays pod i. */
  private dnsPods(view: KubeletView): string[] {
    return view.dnsAddon
      .filter((o) => o.kind === "Pod")
      .map(
        (o) => `${view.dnsService.namespace}/${(o.metadata as { name?: string } | undefined)?.name ?? ""}`,
      );
  }

  private async replica(index: number, ctx: TargetContext): Promise<CorednsProcess> {
    const existing = this.replicas[index];
    if (existing) return existing;
    const c = new CorednsProcess(this.cp!.processes, {
      index,
      binary: this.bins!.coredns!,
      dir: this.workDir,
      kubeconfig: this.cp!.kubeconfig,
      upstream: this.upstream!.at,
      domain: this.domain,
      signal: ctx.signal,
      log: ctx.log,
    });
    await c.init();
    this.replicas[index] = c;
    return c;
  }

  override async reset(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    await this.shadow.reset(setup, ctx);
    await this.cleanup(ctx);
    // A fresh CoreDNS per case, as the reference starts each case from scratch: no cache entries or
    // loadbalance rotation carried over from the previous case.
    for (const r of this.replicas) r.forget();
    this.names = new Namespaced(
      new NamespaceMap(`c${++this.cases}`, this.lo.keepNamespaces ? "all" : new Set(["default"])),
    );
    const view = this.shadow.kubeletView();
    await this.standIn!.syncNodes(view);
    await this.ensureAddon(view, ctx);
    await this.settle(ctx);
  }

  /** The cluster DNS Service and its pods, as the reference has them (only when they change). */
  private async ensureAddon(view: KubeletView, ctx: TargetContext): Promise<void> {
    const key = JSON.stringify(view.dnsAddon);
    if (key === this.addonKey) return;
    const ns = view.dnsService.namespace;
    if (ns !== "kube-system")
      await this.kubectl.run(["kubectl", "create", "namespace", ns], ctx).catch(() => undefined);
    await emptyNamespace(this.api!, ns);
    if (view.dnsAddon.length)
      await this.kubectl.run(["kubectl", "create", "-f", "-"], ctx, {
        input: JSON.stringify({ apiVersion: "v1", kind: "List", items: view.dnsAddon }),
      });
    this.addonKey = key;
  }

  protected override async cleanup(ctx: TargetContext): Promise<void> {
    if (!this.api) return;
    await this.restoreProtected(ctx);
    for (const o of this.ns.kept.filter((k) => k.namespace !== "default").reverse())
      await this.kubectl
        .run(
          [
            "kubectl",
            "delete",
            `${o.kind}.${o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : ""}`.replace(/\.$/, ""),
            o.name,
            "-n",
            o.namespace,
            "--ignore-not-found",
            "--wait=false",
          ],
          ctx,
        )
        .catch(() => undefined);
    for (const n of new Set(["default", ...[...this.ns.seen].filter((x) => !NamespaceMap.isSystem(x))]))
      await emptyNamespace(this.api, n);
    for (const n of [...this.ns.created.values()].reverse()) await this.api.delete(`/api/v1/namespaces/${n}`);
    this.ns.created.clear();
    this.ns.kept.length = 0;
  }

  /**
   * After every change: let the kubelet stand-in catch up with what controllers created, restart
   * CoreDNS if the Corefile changed, and wait until EndpointSlices stop changing so CoreDNS has seen
   * the final state.
   */
  private async settle(ctx: TargetContext): Promise<void> {
    const view = (this.view = this.shadow.kubeletView());
    const scope = {
      namespaces: () => [...new Set(["default", view.dnsService.namespace, ...this.ns.seen])],
      back: (n: string) => this.ns.back(n),
    };
    let quiet = 0;
    for (let round = 0; round < 100 && quiet < 2; round++) {
      if (ctx.signal.aborted) return;
      quiet = (await this.standIn!.syncPods(view, scope)) ? 0 : quiet + 1;
      await sleep(40);
    }
    const names = {
      namespace: (n: string) => this.ns.forward(n),
      name: (t: string) => this.ns.forwardName(t),
    };
    if (view.corefile) {
      const count = Math.max(1, this.dnsPods(view).length);
      while (this.replicas.length > count) await this.replicas.pop()!.stop();
      await Promise.all(
        Array.from({ length: count }, async (_, i) =>
          (await this.replica(i, ctx)).ensure(view.corefile!, names, view.dnsServers),
        ),
      ).catch((e: Error) => {
        throw new TargetError(`CoreDNS did not start: ${e.message}`, "user");
      });
    }
    await this.slicesConverge(view, scope.namespaces(), ctx);
  }

  /**
   * Waits (up to 5 s) until the real EndpointSlices hold what the reference's do, Service by Service:
   * the EndpointSlice controller works asynchronously after the stand-in's writes. When they never
   * agree — a real divergence — the probes that follow will show it.
   */
  private async slicesConverge(view: KubeletView, namespaces: string[], ctx: TargetContext): Promise<void> {
    type Slice = {
      metadata: { namespace: string; labels?: Record<string, string> };
      endpoints?: {
        addresses: string[];
        conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
      }[];
    };
    const deadline = Date.now() + 5000;
    for (;;) {
      const real = new Map<string, string[]>();
      for (const n of namespaces) {
        const list = await this.api!.get<{ items: Slice[] }>(
          `/apis/discovery.k8s.io/v1/namespaces/${n}/endpointslices`,
        );
        for (const sl of list.items) {
          const svc = sl.metadata.labels?.["kubernetes.io/service-name"];
          if (!svc) continue;
          const key = `${this.ns.back(sl.metadata.namespace)}/${svc}`;
          const lines = real.get(key) ?? [];
          for (const e of sl.endpoints ?? [])
            lines.push(...e.addresses.map((a) => endpointLine(a, e.conditions)));
          real.set(key, lines);
        }
      }
      // default/kubernetes is the API servers' own endpoints: one here, as many as control-plane
      // nodes in the reference (OpenShift has three); nothing waits on it.
      const unlike = [...view.endpoints].find(
        ([k, want]) => k !== "default/kubernetes" && (real.get(k) ?? []).sort().join(",") !== want.join(","),
      );
      if (!unlike || Date.now() > deadline || ctx.signal.aborted) {
        if (unlike) {
          const [k, want] = unlike;
          ctx.log(
            `local: EndpointSlices did not converge to the reference's within 5s: ${k} has [${(real.get(k) ?? []).join(", ")}], the reference [${want.join(", ")}]`,
          );
        }
        // CoreDNS sees slice changes through its watch: give it a moment.
        await sleep(30);
        return;
      }
      await sleep(40);
    }
  }

  override async apply(manifests: ManifestText[], ctx: TargetContext): Promise<void> {
    let shadowError: unknown;
    await this.shadow.apply(manifests, ctx).catch((e: unknown) => (shadowError = e));
    const pinned: ManifestText[] = [];
    for (const m of manifests) pinned.push({ ...m, text: await this.pinClusterIps(m.text, ctx) });
    await this.applyManifests(pinned, ctx);
    if (shadowError)
      ctx.log(`local: the reference engine refused what the API server accepted: ${String(shadowError)}`);
    await this.settle(ctx);
  }

  /**
   * Services that leave their cluster IP to the allocator get the one the reference allocated: the
   * real allocator picks at random (pkg/registry/core/service/ipallocator), which would make every
   * answer naming a cluster IP differ for no reason that matters to DNS.
   */
  private async pinClusterIps(text: string, ctx: TargetContext): Promise<string> {
    const docs = parseAllDocuments(text);
    let changed = false;
    for (const d of docs) {
      const o = d.toJS() as {
        kind?: string;
        metadata?: { name?: string; namespace?: string };
        spec?: { type?: string; clusterIP?: string; clusterIPs?: string[] };
      } | null;
      if (o?.kind !== "Service" || !o.metadata?.name || o.spec?.type === "ExternalName") continue;
      if (o.spec?.clusterIP || o.spec?.clusterIPs?.length) continue;
      const ips = await this.shadow
        .resolve(
          {
            kind: "ref",
            fn: "cluster-ip",
            target: { kind: "Service", namespace: o.metadata.namespace ?? "default", name: o.metadata.name },
          } as unknown as Value,
          ctx,
        )
        .catch(() => [] as string[]);
      if (!ips.length) continue;
      d.setIn(["spec", "clusterIP"], ips[0]);
      d.setIn(["spec", "clusterIPs"], ips);
      changed = true;
    }
    return changed ? docs.map((d) => d.toString()).join("---\n") : text;
  }

  override async delete(ref: ObjectRef, ctx: TargetContext): Promise<void> {
    await this.shadow.delete(ref, ctx).catch(() => undefined);
    const [n, name] = this.ref(ref);
    await this.kubectl.run(["kubectl", "delete", ref.kind, name, "-n", n, "--wait=false"], ctx);
    await this.settle(ctx);
  }

  override async label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    ctx: TargetContext,
  ): Promise<void> {
    await this.shadow.label(ref, change, ctx).catch(() => undefined);
    await super.label(ref, change, ctx);
    await this.settle(ctx);
  }

  override async patch(ref: ObjectRef, ops: PatchOp[], ctx: TargetContext): Promise<void> {
    await this.shadow.patch(ref, ops, ctx).catch(() => undefined);
    await super.patch(ref, ops, ctx);
    await this.settle(ctx);
  }

  override async scale(ref: ObjectRef, replicas: number, ctx: TargetContext): Promise<void> {
    await this.shadow.scale(ref, replicas, ctx).catch(() => undefined);
    // The DNS addon's workload exists only in the reference (here its pods are plain pods and one
    // CoreDNS process each): scaling it changes the addon pods and the replica processes.
    const view = this.shadow.kubeletView();
    if ((ref.namespace ?? "default") === view.dnsService.namespace && !(await this.exists(ref, ctx))) {
      await this.ensureAddon(view, ctx);
    } else await super.scale(ref, replicas, ctx);
    await this.settle(ctx);
  }

  private async exists(ref: ObjectRef, ctx: TargetContext): Promise<boolean> {
    const [n, name] = this.ref(ref);
    const r = await this.kubectl.run(["kubectl", "get", ref.kind, name, "-n", n, "-o", "name"], ctx, {
      allowFailure: true,
    });
    return r.code === 0;
  }

  override async fault(name: string): Promise<void> {
    throw new TargetError(`fault ${name} is not realised on the local target`, "unsupported");
  }

  /**
   * Time passes for the reference (virtual: reloads, grace periods) and for real CoreDNS (its caches),
   * but at most REAL_WAIT_CAP_MS of it really: enough for kubeadm's 30 s cache cap; and none when the
   * reference reloaded the Corefile meanwhile (CoreDNS restarts then). A test that needs more real
   * time than that diverges on this target.
   */
  override async wait(ms: number, ctx: TargetContext): Promise<void> {
    const before = this.shadow.kubeletView().corefile;
    await this.shadow.wait(ms, ctx);
    // A reload during the wait rebuilds CoreDNS's plugins (empty caches): the restart that follows
    // does the same, so no real time needs to pass.
    if (this.shadow.kubeletView().corefile === before) await super.wait(Math.min(ms, REAL_WAIT_CAP_MS), ctx);
    await this.settle(ctx);
  }

  /** A DNS query to the local CoreDNS replica the reference's kube-proxy picked. */
  private async query(probe: ProbeOf<"dns">, ctx: TargetContext): Promise<DnsObs> {
    const view = this.view ?? this.shadow.kubeletView();
    // Queries to cluster DNS (its Service or pods, any port CoreDNS serves) reach the local CoreDNS;
    // anything else would need a network this target does not have.
    if (probe.server && !view.dnsServers.includes(probe.server.replace(/:\d+$/, "")))
      throw new TargetError(`the local target only queries cluster DNS, not ${probe.server}`, "unsupported");
    // The reference answers the same probe, which keeps its per-replica caches in step with ours and
    // says which replica kube-proxy sent the query to.
    const mirrored = (await observe(this.shadow, probe, ctx).catch(() => undefined)) as DnsObs | undefined;
    const index = Math.max(0, this.dnsPods(view).indexOf(mirrored?.answeredBy ?? ""));
    const target = this.replicas[index] ?? this.replicas[0];
    if (!target) throw new TargetError("CoreDNS is not running on the local target", "internal");
    const obs = await queryServer(target.host, target.port, {
      name: this.ns.forwardName(probe.qname),
      type: probe.qtype,
      transport: probe.transport,
      bufsize: probe.bufsize,
      recursionDesired: !(probe.flags ?? []).includes("nord"),
      dnssecOk: (probe.flags ?? []).includes("do"),
    });
    return this.names.observation(obs);
  }

  /**
   * A resolver walk from a pod by the real glibc or musl (libc-walk.ts), with the pod's resolv.conf and
   * /etc/hosts as the reference's kubelet wrote them and cluster DNS behind a recording proxy.
   */
  private async walk(probe: ProbeOf<"resolve">, ctx: TargetContext): Promise<ResolveObs> {
    if (probe.from.kind !== "pod")
      throw new TargetError(
        `resolver walks from a ${probe.from.kind} are not observed on the local target`,
        "unsupported",
      );
    if ((probe.qtype ?? "A") !== "A")
      throw new TargetError(
        "the local target observes A walks only (getaddrinfo with AF_INET)",
        "unsupported",
      );
    const mirrored = (await observe(this.shadow, probe, ctx)) as ResolveObs;
    const libc = mirrored.libc === "musl" ? "musl" : "glibc";
    if (libc === "musl" && !this.bins?.["musl-lookup"])
      throw new TargetError(
        "musl walks need musl-gcc when the local target is built (Debian: apt-get install musl-tools)",
        "unsupported",
      );
    const view = this.view ?? this.shadow.kubeletView();
    const conf = (await observe(this.shadow, { kind: "resolv-conf", of: probe.from }, ctx)) as ResolvConfObs;
    const hosts = (await observe(this.shadow, { kind: "hosts", of: probe.from }, ctx)) as HostsObs;
    const outside = conf.nameservers.filter((n) => !view.dnsServers.includes(n));
    if (outside.length)
      throw new TargetError(
        `the pod's resolv.conf names ${outside.join(", ")}, outside cluster DNS: the local target never sends queries there`,
        "unsupported",
      );
    this.proxy ??= await this.startProxy(ctx);
    const resolvConf = [
      ...conf.nameservers.map(() => `nameserver ${this.proxy!.host}`),
      ...(conf.search.length ? [`search ${conf.search.map((d) => this.ns.forwardName(d)).join(" ")}`] : []),
      ...(conf.options.length ? [`options ${conf.options.join(" ")}`] : []),
    ].join("\n");
    this.proxy.begin();
    const obs = await libcWalk({
      libc,
      muslLookup: this.bins?.["musl-lookup"],
      name: this.ns.forwardName(probe.name),
      resolvConf: `${resolvConf}\n`,
      hosts: this.ns.forwardName(hosts.text),
      runner: this.o.runner,
      signal: ctx.signal,
      recorded: () => this.proxy!.walk(),
      dir: this.workDir,
    }).catch((e: Error) => {
      // Without the right to make a mount namespace (not root, no CAP_SYS_ADMIN) the walk cannot be
      // observed here: say so and skip, rather than fail.
      const denied = /not permitted|permission denied|unshare failed|cannot open/i.test(e.message);
      throw new TargetError(
        denied ? `resolver walks need a private mount namespace (run as root): ${e.message}` : e.message,
        denied ? "unsupported" : "internal",
      );
    });
    const server = `${conf.nameservers[0] ?? ""}:53`;
    return {
      ...obs,
      tries: obs.tries.map((t) => ({ ...t, name: this.ns.backName(t.name), server })),
      canonicalName: obs.canonicalName ? this.ns.backName(obs.canonicalName) : undefined,
    };
  }

  private async startProxy(ctx: TargetContext): Promise<RecordingProxy> {
    const host = `127.60.${(process.pid >> 8) & 255}.${process.pid & 255 || 1}`;
    const p = new RecordingProxy(host, () => {
      const r = this.replicas[0];
      return { host: r?.host ?? "127.0.0.1", port: r?.port ?? 53 };
    });
    await p.start().catch((e: Error) => {
      throw new TargetError(
        `resolver walks need port 53 on ${host} (run as root): ${e.message}`,
        "unsupported",
      );
    });
    ctx.log(`local: recording DNS proxy on ${host}:53`);
    return p;
  }

  private proxy?: RecordingProxy;

  private async stopAll(): Promise<void> {
    await this.proxy?.close();
    this.proxy = undefined;
    await this.upstream?.close();
    this.upstream = undefined;
    this.replicas = [];
    this.api?.close();
    this.api = undefined;
    await this.cp?.stop();
    this.cp = undefined;
  }

  override async dispose(ctx: TargetContext): Promise<void> {
    try {
      if (this.api) await this.cleanup(ctx).catch(() => undefined);
    } finally {
      await this.stopAll();
      if (this.workDir) {
        // Logs, Corefiles and the kubeconfig stay for a post-mortem; the database and keys go.
        for (const d of ["etcd", "pki"]) rmSync(`${this.workDir}/${d}`, { recursive: true, force: true });
        ctx.log(`local: logs kept in ${this.workDir}`);
      }
    }
  }
}

/** Keeps the `keep` newest `local-*` run directories under `dir`. */
function pruneOldRuns(dir: string, keep: number): void {
  let runs: { path: string; mtime: number }[] = [];
  try {
    runs = readdirSync(dir)
      .filter((n) => n.startsWith("local-"))
      .map((n) => ({ path: `${dir}/${n}`, mtime: statSync(`${dir}/${n}`).mtimeMs }));
  } catch {
    return;
  }
  runs.sort((a, b) => b.mtime - a.mtime);
  for (const r of runs.slice(keep)) {
    // Never the directory of another run still going (local-<pid>-<time>).
    const pid = Number(/local-(\d+)-/.exec(r.path)?.[1]);
    if (pid && pid !== process.pid && alive(pid)) continue;
    rmSync(r.path, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
