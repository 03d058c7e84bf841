/**
 * `--target local`: real etcd, kube-apiserver, kube-controller-manager and CoreDNS on loopback, built
 * from Go modules (`netspec local build`). Manifests go through kubectl exactly as on the kind and
 * cluster targets (the KubeTarget code), so API defaulting and validation, the EndpointSlice controller
 * and CoreDNS's kubernetes plugin are the real ones. What a cluster's nodes would do — scheduling, pod
 * IPs, readiness, the pod files — has no real component here: the kubelet stand-in writes the
 * reference engine's decisions into the API (kubelet-stand-in.ts), which keeps the comparison about
 * the control plane and CoreDNS.
 *
 * Observed here: DNS answers (queried from CoreDNS directly, over UDP or TCP), EndpointSlices and
 * objects. Not observed, and skipped with the reason: resolver walks, pod files (resolv.conf,
 * /etc/hosts), connections, paths and reach tables (there is no data plane), CoreDNS status, faults.
 *
 * Per case: namespaces other than `default` get per-case names (as on kind); `default`, which holds
 * the API server's own `kubernetes` Service, is used as is and emptied between cases, as is every
 * object a case put into a system namespace.
 */
import type { ManifestText, ObjectRef, PatchOp, Probe } from "../../../dsl/index.js";
import type { Observation } from "../../observation.js";
import { KubeTarget, NamespaceMap, execaRunner, type CommandRunner } from "../kube/index.js";
import { createReferenceTarget } from "../reference.js";
import { queryServer, serveUpstream, type KubeletView } from "../reference/index.js";
import { TargetError, type Capabilities, type SuiteSetup, type TargetContext } from "../target.js";
import { Api } from "./api.js";
import { KUBERNETES_VERSION } from "./build.js";
import { ControlPlane, LOCAL_TOKEN } from "./control-plane.js";
import { CorednsProcess } from "./coredns-process.js";
import { emptyNamespace } from "./empty-namespace.js";
import { KubeletStandIn } from "./kubelet-stand-in.js";
import { freePort } from "./processes.js";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";

export interface LocalTargetOptions {
  /** component → binary; called once, on first use (it may build them). */
  binaries: (ctx: TargetContext) => Promise<Record<string, string>>;
  corednsVersion: string;
  /** Runs kubectl (default: real processes). */
  runner?: CommandRunner;
}

const UNSUPPORTED: Partial<Record<Probe["kind"], string>> = {
  resolve: "resolver walks need a pod's libc: not observed on the local target",
  "resolv-conf": "the local target has no kubelet writing pod files",
  hosts: "the local target has no kubelet writing pod files",
  connect: "the local target has no data plane (no kube-proxy, no CNI)",
  path: "the local target has no data plane (no kube-proxy, no CNI)",
  reach: "the local target has no data plane (no kube-proxy, no CNI)",
  coredns: "CoreDNS status is not observed on the local target",
  apply: "`expect apply` is not observed on the local target yet",
};

export class LocalTarget extends KubeTarget {
  private readonly shadow = createReferenceTarget();
  private readonly seam: { kubectl: string; kubeconfig: string };
  private bins?: Record<string, string>;
  private cp?: ControlPlane;
  private cidrs = "";
  private api?: Api;
  private standIn?: KubeletStandIn;
  private coredns?: CorednsProcess;
  private upstream?: { key: string; close(): Promise<void>; at: string };
  private addonKey = "";
  private workDir = "";

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
    Object.assign(this.params, { coredns: lo.corednsVersion, kubernetes: KUBERNETES_VERSION });
  }

  /** Where a person or a benchmark reaches this cluster (after prepare). */
  endpoint(): { dns: string; kubeconfig: string } {
    if (!this.cp || !this.coredns) throw new TargetError("the local target is not up", "internal");
    return { dns: `${this.coredns.host}:${this.coredns.port}`, kubeconfig: this.cp.kubeconfig };
  }

  override capabilities(): Capabilities {
    const probes: Capabilities["probes"] = { dns: true, endpoints: true, object: true };
    for (const [k, why] of Object.entries(UNSUPPORTED)) probes[k as Probe["kind"]] = why;
    return { probes, faults: {} };
  }

  override async prepare(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
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
      this.context = "netspec-local";
      this.api = new Api(this.cp.server, LOCAL_TOKEN);
      this.standIn = new KubeletStandIn(this.api, ctx.log);
      this.addonKey = "";
    }
    const upstreamKey = JSON.stringify(setup.upstream.map((u) => [u.name, u.type, u.data, u.ttl, u.rcode]));
    if (this.upstream?.key !== upstreamKey) {
      await this.upstream?.close();
      const port = await freePort("127.0.0.1");
      const listener = await serveUpstream(
        setup.upstream.map((u) => ({ name: u.name, type: u.type, data: u.data, ttl: u.ttl, rcode: u.rcode })),
        { host: "127.0.0.1", port },
      );
      this.upstream = { key: upstreamKey, close: () => listener.close(), at: `127.0.0.1:${port}` };
      if (this.coredns) await this.processesStopCoredns();
    }
    this.coredns ??= await this.newCoredns(view, ctx);
  }

  private async newCoredns(view: KubeletView, ctx: TargetContext): Promise<CorednsProcess> {
    const c = new CorednsProcess(this.cp!.processes, {
      binary: this.bins!.coredns!,
      dir: this.workDir,
      kubeconfig: this.cp!.kubeconfig,
      upstream: this.upstream!.at,
      domain: view.domain,
      signal: ctx.signal,
      log: ctx.log,
    });
    await c.init();
    return c;
  }

  private async processesStopCoredns(): Promise<void> {
    await this.cp?.processes.stop("coredns");
    this.coredns = undefined;
  }

  override async reset(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    await this.shadow.reset(setup, ctx);
    await this.cleanup(ctx);
    // A fresh CoreDNS per case, as the reference starts each case from scratch: no cache entries or
    // loadbalance rotation carried over from the previous case.
    this.coredns?.forget();
    this.ns = new NamespaceMap(`c${++this.cases}`, new Set(["default"]));
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
      await this.sh(["kubectl", "create", "namespace", ns], ctx).catch(() => undefined);
    await emptyNamespace(this.api!, ns);
    if (view.dnsAddon.length)
      await this.sh(
        ["kubectl", "create", "-f", "-"],
        ctx,
        JSON.stringify({ apiVersion: "v1", kind: "List", items: view.dnsAddon }),
      );
    this.addonKey = key;
  }

  protected override async cleanup(ctx: TargetContext): Promise<void> {
    if (!this.api) return;
    for (const o of this.ns.kept.filter((k) => k.namespace !== "default").reverse())
      await this.sh(
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
      ).catch(() => undefined);
    for (const n of ["default", ...this.ns.created.values()]) await emptyNamespace(this.api, n);
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
    const view = this.shadow.kubeletView();
    const scope = {
      namespaces: () => [...new Set(["default", view.dnsService.namespace, ...this.ns.created.values()])],
      back: (n: string) => this.ns.back(n),
    };
    let quiet = 0;
    for (let round = 0; round < 100 && quiet < 3; round++) {
      if (ctx.signal.aborted) return;
      quiet = (await this.standIn!.syncPods(view, scope)) ? 0 : quiet + 1;
      await sleep(60);
    }
    const names = {
      namespace: (n: string) => this.ns.forward(n),
      name: (t: string) => this.ns.forwardName(t),
    };
    if (view.corefile)
      await this.coredns!.ensure(view.corefile, names).catch((e: Error) => {
        throw new TargetError(`CoreDNS did not start: ${e.message}`, "user");
      });
    let last = "";
    for (let round = 0; round < 50; round++) {
      const now = await this.slicesVersion(scope.namespaces());
      if (now === last) break;
      last = now;
      await sleep(120);
    }
  }

  private async slicesVersion(namespaces: string[]): Promise<string> {
    const parts: string[] = [];
    for (const n of namespaces) {
      const l = await this.api!.get<{
        metadata: { resourceVersion: string };
        items: { metadata: { name: string; resourceVersion: string } }[];
      }>(`/apis/discovery.k8s.io/v1/namespaces/${n}/endpointslices`);
      parts.push(...l.items.map((i) => `${n}/${i.metadata.name}@${i.metadata.resourceVersion}`));
    }
    return parts.sort().join(",");
  }

  override async apply(manifests: ManifestText[], ctx: TargetContext): Promise<void> {
    let shadowError: unknown;
    await this.shadow.apply(manifests, ctx).catch((e: unknown) => (shadowError = e));
    await this.applyManifests(manifests, ctx);
    if (shadowError)
      ctx.log(`local: the reference engine refused what the API server accepted: ${String(shadowError)}`);
    await this.settle(ctx);
  }

  override async delete(ref: ObjectRef, ctx: TargetContext): Promise<void> {
    await this.shadow.delete(ref, ctx).catch(() => undefined);
    const [n, name] = this.ref(ref);
    await this.sh(["kubectl", "delete", ref.kind, name, "-n", n, "--wait=false"], ctx);
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
    await super.scale(ref, replicas, ctx);
    await this.settle(ctx);
  }

  override async fault(name: string): Promise<void> {
    throw new TargetError(`fault ${name} is not realised on the local target`, "unsupported");
  }

  override async wait(ms: number, ctx: TargetContext): Promise<void> {
    await this.shadow.wait(ms, ctx);
    await super.wait(ms, ctx);
    await this.settle(ctx);
  }

  override async probe(probe: Probe, ctx: TargetContext): Promise<Observation> {
    const why = UNSUPPORTED[probe.kind];
    if (why) throw new TargetError(why, "unsupported");
    if (probe.kind !== "dns") return super.probe(probe, ctx);
    const view = this.shadow.kubeletView();
    // Queries to cluster DNS (its Service or pods, any port CoreDNS serves) reach the local CoreDNS;
    // anything else would need a network this target does not have.
    if (probe.server && !view.dnsServers.includes(probe.server.replace(/:\d+$/, "")))
      throw new TargetError(`the local target only queries cluster DNS, not ${probe.server}`, "unsupported");
    const obs = await queryServer(this.coredns!.host, this.coredns!.port, {
      name: this.ns.forwardName(probe.qname),
      type: probe.qtype,
      transport: probe.transport,
      bufsize: probe.bufsize,
      recursionDesired: !(probe.flags ?? []).includes("nord"),
      dnssecOk: (probe.flags ?? []).includes("do"),
    });
    return this.backDns(obs);
  }

  private async stopAll(): Promise<void> {
    await this.upstream?.close();
    this.upstream = undefined;
    this.coredns = undefined;
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
  for (const r of runs.slice(keep)) rmSync(r.path, { recursive: true, force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
