/**
 * `--target local`: a real cluster on this machine (cluster/) — etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler, and per node containerd + runc, the kubelet and
 * kube-proxy in a network namespace of its own, pods on the bridge CNI, CoreDNS as kubeadm's
 * Deployment — built from Go modules (`netspec local build`) and shaped like the reference profile of
 * each suite's cluster block (local-clusters.ts). Everything that talks to the API server and the pods
 * is the kube target's code (composed here, as kind and existing clusters use it); this target adds
 * what only it can do on its own cluster: containers made runnable from the local images
 * (manifests.ts), the scenario's upstream world served where the nodes' resolv.conf points
 * (upstream.ts), resolver walks by the pod's own libc captured in its network namespace
 * (pod-walk.ts), faults realised on the nodes (faults.ts).
 */
import { NodeProbePods } from "./node-probe.js";
import { cleanLeftovers } from "./cluster/index.js";
import type { AddressOwner } from "../../observation.js";
import type { FaultArg, ManifestText, ObjectRef, PatchOp, PlanCase, Value } from "../../../dsl/index.js";
import { KubeTarget, execaRunner, type CommandRunner } from "../kube/index.js";
import { declined, mapObservers } from "../observers.js";
import { namingDown } from "./component-down.js";
import type {
  Capabilities,
  Evidence,
  Observers,
  ProbeKind,
  ProbeOf,
  SuiteSetup,
  Target,
  TargetContext,
} from "../target.js";
import { TargetError } from "../target.js";
import { KUBERNETES_VERSION } from "./build.js";
import { IMAGE_REFS } from "./images/index.js";
import { LocalClusters } from "./local-clusters.js";
import { LocalFaults } from "./faults.js";
import { hasNetworkPolicy, runnableManifests } from "./manifests.js";
import { podWalk } from "./pod-walk.js";
import { apiShortcuts } from "./api-shortcuts.js";
import { LocalDatapath } from "./datapath-view.js";
import { LocalOutside } from "./outside.js";
import { unsupportedSetup } from "./suite-support.js";
import { setCorefile, UpstreamWorlds } from "./upstream.js";

export interface LocalTargetOptions {
  /** component → binary (set `cluster`); called once, on first use (it may build them). */
  binaries: (ctx: TargetContext) => Promise<Record<string, string>>;
  corednsVersion: string;
  /** Runs kubectl (default: real processes). */
  runner?: CommandRunner;
  /** Namespaces keep their names (`local up`: one scenario, for a person); otherwise per-case names. */
  keepNamespaces?: boolean;
  /**
   * How probes get into pods: `runc` (default; runc exec of the container, container-exec.ts, with
   * kubectl exec where the container is ambiguous; pods read over HTTPS, api-shortcuts.ts) or `kubectl`
   * (kubectl exec and kubectl get always, through kubectl and the kubelet: for comparing the two).
   */
  podExec?: "runc" | "kubectl";
}

export class LocalTarget implements Target {
  readonly name = "local";
  readonly params: Record<string, string>;
  readonly observers: Observers;
  private readonly clusters: LocalClusters;
  private readonly kube: KubeTarget;
  private readonly upstream = new UpstreamWorlds();
  private readonly faults: LocalFaults;
  private readonly nodeProbes = new NodeProbePods();
  private setup?: SuiteSetup;
  /** A lane of another LocalTarget (lane()). */
  private readonly isLane: boolean = false;
  /** Whether this run has cleaned what earlier, killed runs left in its work directory. */
  private swept = false;

  /** `from`: the target this is a lane of (lane()): its cluster, worlds and faults are shared. */
  constructor(
    private readonly o: LocalTargetOptions,
    from?: LocalTarget,
  ) {
    if (from) {
      this.params = from.params;
      this.clusters = from.clusters;
      this.upstream = from.upstream;
      this.nodeProbes = from.nodeProbes;
      this.kube = from.kube.lane()!;
      this.faults = from.faults;
      this.setup = from.setup;
      this.swept = true;
      this.isLane = true;
    } else {
      // `cni` is the current cluster's: `bridge`, or `kube-router` once its firewall runs there.
      this.params = { coredns: o.corednsVersion, kubernetes: KUBERNETES_VERSION, cni: "bridge" };
      this.clusters = new LocalClusters({
        binaries: o.binaries,
        workDir: (ctx) => `${ctx.workDir}/local`,
        // The cluster being switched to, not the one the kube target points at still.
        setCorefile: (c, corefile, ctx) =>
          setCorefile(this.kube.kubectl.at(c.handle.kubeconfig), corefile, ctx),
      });
      this.kube = this.kubeTarget(o);
      this.faults = new LocalFaults(this.kube.kubectl, () => this.cluster(), this.upstream);
    }
    this.observers = this.localObservers();
  }

  private kubeTarget(o: LocalTargetOptions): KubeTarget {
    const kube = new KubeTarget({
      spec: "local",
      runner: o.runner ?? execaRunner(),
      clusters: this.clusters,
      probeImage: IMAGE_REFS.base,
      keepNamespaces: o.keepNamespaces,
      // The local cluster's own journal undoes the whole cluster, namespaces included.
      runJournal: false,
      backendsAnswerHostname: true,
      network: {
        datapath: new LocalDatapath(
          () => this.kube.kubectl,
          () => this.cluster(),
        ),
        outside: new LocalOutside(
          () => this.cluster(),
          () => this.kube.kubectl,
        ),
      },
    });
    if (o.podExec !== "kubectl") {
      kube.kubectl.execVia(async (t, argv, ctx) =>
        this.clusters.current?.handle.containerExec(t, argv, { signal: ctx.signal }),
      );
      kube.kubectl.shortcutVia(apiShortcuts(() => this.clusters.current?.handle));
    }
    return kube;
  }

  private localObservers(): Observers {
    const kube = this.kube.observers;
    const table: Observers = {
      ...kube,
      resolve: (p, ctx) => this.walk(p, ctx),
      path: declined("hop traces of a real kernel are not read yet (kube-proxy rules, conntrack)"),
    };
    return mapObservers(table, (_kind, o) => (p, ctx) => this.guard(ctx, (c) => o(p, c)));
  }

  /**
   * Another handle on the cluster of the current suite (KubeTarget.lane()): cases in separate
   * namespaces run at once. Its dispose() deletes what its cases left, never the cluster.
   */
  lane(): Target | undefined {
    return this.kube.lane() ? new LocalTarget(this.o, this) : undefined;
  }

  /** What `c` shares with other cases on the cluster (kube/case-claims.ts). */
  claims(c: PlanCase): "all" | string[] {
    return this.kube.claims(c);
  }

  /** A failure while a component of the cluster is down names the component (component-down.ts). */
  private guard<T>(ctx: TargetContext, op: (ctx: TargetContext) => Promise<T>): Promise<T> {
    return namingDown(
      (signal) => op({ ...ctx, signal }),
      () => this.down(),
      ctx.signal,
    );
  }

  private down() {
    return this.clusters.current?.handle.down() ?? [];
  }

  private cluster() {
    const c = this.clusters.current;
    if (!c) throw new TargetError("the local cluster is not up (prepare() first)", "internal");
    return c;
  }

  /** Where a person reaches the cluster (after prepare): kubectl's kubeconfig and the nodes. */
  endpoint(): { kubeconfig: string; nodes: { name: string; ip: string; netns: string }[] } {
    const h = this.cluster().handle;
    return {
      kubeconfig: h.kubeconfig,
      nodes: h.nodes.map((n) => ({ name: n.name, ip: n.ip, netns: n.netns })),
    };
  }

  capabilities(): Capabilities {
    return { faults: this.faults.supported() };
  }

  prepare(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    return this.guard(ctx, (c) => this.prepareCluster(setup, c));
  }

  private async prepareCluster(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    const unsupported = unsupportedSetup(setup);
    if (unsupported) throw new TargetError(unsupported, "unsupported");
    if (!this.swept) await this.sweep(ctx);
    await this.kube.prepare(setup, ctx);
    this.setup = setup;
    this.params.cni = this.cluster().handle.networkPolicy ?? "bridge";
    await this.upstream.ensure(this.cluster(), setup.upstream, this.kube.kubectl, ctx);
  }

  async reset(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    await this.guard(ctx, (c) => this.kube.reset(setup, c));
  }

  /**
   * Before the first cluster: the clusters of runs that died in this work directory (SIGKILL, a
   * lost CI runner) are removed, as `netspec local clean` would; a live run's are left alone.
   */
  private async sweep(ctx: TargetContext): Promise<void> {
    this.swept = true;
    for (const r of await cleanLeftovers(`${ctx.workDir}/local`))
      if (r.state === "cleaned" || r.errors.length)
        ctx.log(
          `local: ${r.journal}: what a run that died left was ${r.errors.length ? `partly cleaned (${r.errors.join("; ")})` : "cleaned"}`,
        );
  }

  async apply(manifests: ManifestText[], ctx: TargetContext): Promise<void> {
    // The first NetworkPolicy a cluster sees starts kube-router's firewall on its nodes: the one
    // implementation this machine can run (no NFQUEUE for kube-network-policies), so a block
    // without `cni` is policed by it, and its row in the parity table says so (`cni=kube-router`).
    const cni = this.setup?.cluster.cni?.toLowerCase();
    const plain = cni === "bridge" || cni === "kindnet";
    if (!plain && hasNetworkPolicy(manifests)) {
      await this.clusters.enableNetworkPolicy(this.cluster(), ctx);
      this.params.cni = "kube-router";
    }
    const enforced = this.cluster().handle.networkPolicy !== undefined;
    const why = plain ? `the block asks for cni ${cni}, which implements no network policy` : undefined;
    await this.guard(ctx, (c) =>
      this.kube.apply(runnableManifests(manifests, ctx.log, { enforced, why }), c),
    );
  }

  delete(ref: ObjectRef, ctx: TargetContext): Promise<void> {
    return this.guard(ctx, (c) => this.kube.delete(ref, c));
  }

  label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    ctx: TargetContext,
  ): Promise<void> {
    return this.guard(ctx, (c) => this.kube.label(ref, change, c));
  }

  patch(ref: ObjectRef, ops: PatchOp[], ctx: TargetContext): Promise<void> {
    return this.guard(ctx, (c) => this.kube.patch(ref, ops, c));
  }

  scale(ref: ObjectRef, replicas: number, ctx: TargetContext): Promise<void> {
    return this.guard(ctx, (c) => this.kube.scale(ref, replicas, c));
  }

  fault(name: string, args: FaultArg[], ctx: TargetContext): Promise<void> {
    return this.faults.inject(name, args, ctx);
  }

  heal(name: string, ctx: TargetContext): Promise<void> {
    return this.faults.heal(name, ctx);
  }

  wait(ms: number, ctx: TargetContext): Promise<void> {
    return this.kube.wait(ms, ctx);
  }

  resolve(value: Value, ctx: TargetContext): Promise<string[]> {
    return this.guard(ctx, (c) => this.kube.resolve(value, c));
  }

  addresses(ctx: TargetContext): Promise<AddressOwner[]> {
    return this.kube.addresses(ctx);
  }

  async evidence(since: Date, ctx: TargetContext, failed?: ProbeKind): Promise<Evidence[]> {
    const rules = failed === "connect" || failed === "path" || failed === "reach";
    const dead = this.down();
    const down = dead.map((d) => ({
      title: `component down: ${d.name}`,
      text: `${d.name} ${d.how}; its log ends:\n${d.tail}`,
    }));
    // Without etcd or the API server every kubectl of the evidence would wait out its timeout (up
    // to the runner's 20 s per case, for every case the dead component fails).
    const apiDown = dead.some((d) => d.name === "etcd" || d.name === "kube-apiserver");
    const kube = apiDown
      ? [{ title: "evidence", text: "not read from the API: the control plane is down" }]
      : await this.kube
          .evidence(since, ctx)
          .catch((e: unknown) => [{ title: "evidence", text: `could not be collected: ${String(e)}` }]);
    return [...down, ...kube, ...(rules ? await this.faults.evidence(ctx) : [])];
  }

  async dispose(ctx: TargetContext): Promise<void> {
    if (this.isLane) return this.down().length ? undefined : this.kube.dispose(ctx);
    // With a component dead, nothing is healed or deleted through the API (it would only wait out
    // kubectl): the clusters go, and their namespaces with them.
    if (this.down().length) return this.clusters.disposeAll(ctx);
    try {
      await this.faults.healAll(ctx);
    } finally {
      await this.kube.dispose(ctx);
    }
  }

  /** A resolver walk by the pod's own libc, captured in its network namespace. */
  private async walk(probe: ProbeOf<"resolve">, ctx: TargetContext) {
    if (probe.from.kind !== "pod" && probe.from.kind !== "node")
      throw new TargetError(
        `resolver walks from a ${probe.from.kind} are not observed on the local target yet`,
        "unsupported",
      );
    if (probe.qtype === "ANY")
      throw new TargetError("ANY walks (AF_UNSPEC) are not observed on the local target yet", "unsupported");
    const renamed = this.kube.names.probe(probe) as ProbeOf<"resolve">;
    const family = probe.qtype === "AAAA" ? "AAAA" : "A";
    const where = await this.walkPod(renamed.from, ctx);
    const obs = await podWalk(this.kube.kubectl, { ...where, name: renamed.name, family }, ctx);
    return this.kube.names.observation(obs);
  }

  /** The pod a walk runs in: the client pod itself, or the node's host-network probe pod (glibc, Debian's). */
  private async walkPod(
    from: ProbeOf<"resolve">["from"],
    ctx: TargetContext,
  ): Promise<{ namespace: string; pod: string; libc: "glibc" | "musl" }> {
    if (from.kind === "node") {
      const p = await this.nodeProbes.ensure(this.kube.kubectl, from.name, ctx);
      return { namespace: p.namespace, pod: p.name, libc: "glibc" };
    }
    const ref = (from as Extract<ProbeOf<"resolve">["from"], { kind: "pod" }>).ref;
    return {
      namespace: ref.namespace!,
      pod: ref.name,
      libc: await this.libcOf(ref.namespace!, ref.name, ctx),
    };
  }

  /** The pod's stub resolver as the reference decides it: its annotation, else the suite's setting. */
  private async libcOf(namespace: string, pod: string, ctx: TargetContext): Promise<"glibc" | "musl"> {
    const o = await this.kube.kubectl.getJson<{ metadata?: { annotations?: Record<string, string> } }>(
      ["pod", pod, "-n", namespace],
      ctx,
    );
    const chosen =
      o?.metadata?.annotations?.["netspec.io/resolver"] ?? this.setup?.cluster.resolver ?? "glibc";
    return chosen === "musl" ? "musl" : "glibc";
  }
}
