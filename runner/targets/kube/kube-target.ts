/**
 * The real targets: a kind cluster the run creates (or reuses) and an existing cluster reached through
 * a kubeconfig context. Everything goes through kubectl (kubectl.ts, on the CommandRunner seam):
 * manifests applied into per-run namespaces (namespaced.ts maps names on the way in and out),
 * readiness waited for, symbolic values read from the live API (values.ts), probes observed inside
 * pods (observe/), everything the run created deleted in reverse order at the end (also after a
 * failure or Ctrl-C, when the runner disposes the target).
 *
 * Faults: real-faults.ts realises the kube-system ones on kind; the rest are unsupported with its
 * reason (docs/faults.md's table comes from capabilities()), so those cases are skipped, not passed.
 */
import { pinsServiceAddresses } from "./pinned-addresses.js";
import { applyWithStatus } from "./lb-status.js";
import { clusterAddresses } from "./addresses.js";
import type { AddressOwner } from "../../observation.js";
import type { ClusterSettings, ManifestText, ObjectRef, PatchOp, Value } from "../../../dsl/index.js";
import { mapObservers } from "../observers.js";
import {
  TargetError,
  type Capabilities,
  type Evidence,
  type Observers,
  type SuiteSetup,
  type Target,
  type TargetContext,
} from "../target.js";
import type { CommandRunner } from "./commands.js";
import type { ClusterProvider } from "./clusters.js";
import type { PolicyCrd } from "./policy-crds.js";
import type { RunRecorder } from "./run-journal.js";
import { collectEvidence } from "./evidence.js";
import type { Kubectl } from "./kubectl.js";
import { Namespaced } from "./namespaced.js";
import { NamespaceMap } from "./namespaces.js";
import { kubeObservers, type KubeProbeEnv } from "./observe/index.js";
import { CLUSTER_SCOPED_KINDS } from "./cluster-scoped.js";
import { outsideObjects, ProtectedObjects } from "./protected-objects.js";
import { REAL_FAULTS, UNREALISED_FAULTS } from "./real-faults.js";
import { resolveOnCluster } from "./values.js";
import { kindNodeNameMap, type ProfileNode } from "./node-names.js";
import { waitForPods } from "./wait-pods.js";
import { patchBody } from "./patch-body.js";
import { caseClaims, type CaseClaims } from "./case-claims.js";
import { sharedHandles, type Shared } from "./kube-shared.js";
import type { PlanCase } from "../../../dsl/index.js";

export interface KubeTargetOptions {
  /** `kind` or `cluster:CONTEXT`. */
  spec: string;
  runner: CommandRunner;
  /** kind: reuse (or create once under) this cluster name; otherwise `netspec-<seed>`. */
  kindCluster?: string;
  /** kind: keep the cluster after the run. */
  keep?: boolean;
  /** Image with dig for the default DNS probe pod. */
  probeImage?: string;
  /** --dry-run: commands are printed, nothing is observed. */
  dryRun?: boolean;
  /** cluster:CTX: the spec may change cluster-scoped and system objects (restored after each case). */
  allowClusterChanges?: boolean;
  /** Where --dry-run notes go (the printing runner's output). */
  write?: (line: string) => void;
  /** Where clusters come from (default: kind clusters per block, or the `cluster:` context). */
  clusters?: ClusterProvider;
  /** The kubectl binary (default: `kubectl` on PATH). */
  kubectl?: string;
  /** Every namespace keeps its name (`netspec local up`: one scenario, for a person). */
  keepNamespaces?: boolean;
  /**
   * Every backend answers a connection with its hostname (the local target serves declared ports
   * with agnhost serve-hostname), so connect probes can say which pod a connection landed on.
   */
  backendsAnswerHostname?: boolean;
  /** KubeProbeEnv.datapath and .outside, for targets that read the nodes and own the outside. */
  network?: Pick<KubeProbeEnv, "datapath" | "outside">;
  /** The ANP/BANP CRDs to install where a manifest needs them and the cluster lacks them. */
  policyCrds?: PolicyCrd[];
  /** Journal namespaces and kind clusters for `netspec clean` (default; the local target has its own). */
  runJournal?: boolean;
  /**
   * kind: the nodes the reference's profile makes for a block (the composition root reads them from
   * the reference's cluster shape), so the spec's node names find their kind twins (node-names.ts).
   */
  profileNodes?: (cluster: ClusterSettings) => ProfileNode[];
}

export class KubeTarget implements Target {
  readonly name: string;
  /** `cluster:CTX` has `context` (so `on cluster(context=prod)` names one cluster). */
  readonly params: Record<string, string>;
  readonly kubectl: Kubectl;
  /** How names cross between the scenario and the cluster in the current case. */
  names = new Namespaced(new NamespaceMap("netspec"));
  /** Whether the case pinned a cluster IP or node port (its Services are then deleted first). */
  private pinnedAddresses = false;
  private readonly shared: Shared;
  /** A lane of another KubeTarget (lane()): its dispose() ends its cases, not the cluster. */
  private readonly isLane: boolean;
  /** The context the current case's namespaces live on (cleanup goes there, even after a switch). */
  private caseContext = "";
  protected protectedObjects: ProtectedObjects;
  private readonly healers = new Map<string, () => Promise<void>>();

  /** `from`: the target this is a lane of (lane()), whose cluster and handles it shares. */
  constructor(
    protected readonly o: KubeTargetOptions,
    from?: KubeTarget,
  ) {
    this.name = o.spec;
    this.params =
      from?.params ?? (o.spec.startsWith("cluster:") ? { context: o.spec.slice("cluster:".length) } : {});
    this.isLane = from !== undefined;
    this.shared = from?.shared ?? sharedHandles(o);
    this.kubectl = this.shared.kubectl;
    this.observers = this.kubeObservers();
    this.protectedObjects = new ProtectedObjects({
      // Clusters netspec made (kind, local) may be changed; an existing context only when allowed.
      allowed: () => this.mayChangeCluster(),
      dryRun: o.dryRun,
      write: o.write,
    });
  }

  private get clusters(): ClusterProvider {
    return this.shared.clusters;
  }

  private get record(): RunRecorder {
    return this.shared.record;
  }

  /** Netspec's own clusters, or an existing one with --allow-cluster-changes. */
  protected mayChangeCluster(): boolean {
    return this.clusters.owned || this.o.allowClusterChanges === true;
  }

  /** Namespaces every case uses under their own names (`default` where the run may change the cluster). */
  private keptNamespaces(): "all" | Set<string> {
    if (this.o.keepNamespaces) return "all";
    return this.mayChangeCluster() ? new Set(["default"]) : new Set<string>();
  }

  /**
   * Another handle on the cluster prepared for the current suite, for running cases in separate
   * namespaces at once; none where names are kept (`local up`) or nothing runs (--dry-run).
   */
  lane(): KubeTarget | undefined {
    if (this.o.keepNamespaces || this.o.dryRun) return undefined;
    return new KubeTarget(this.o, this);
  }

  /** What `c` shares with other cases on this cluster (case-claims.ts). */
  claims(c: PlanCase): CaseClaims {
    const kept = this.keptNamespaces();
    return kept === "all" ? "all" : caseClaims(c, kept);
  }

  /** The per-case namespace map (scenario name → cluster name). */
  get ns(): NamespaceMap {
    return this.names.map;
  }

  capabilities(): Capabilities {
    // Faults act on kube-system: only on a kind cluster (the run's own, or one named with
    // --kind-cluster), never on an existing cluster.
    const faults: Capabilities["faults"] = { ...UNREALISED_FAULTS };
    for (const f of Object.keys(REAL_FAULTS))
      faults[f] = this.o.spec === "kind" ? true : "changes kube-system: only on the kind target";
    return { faults };
  }

  /** What observers see: kubectl and values in cluster names. */
  protected probeEnv(): KubeProbeEnv {
    return {
      kubectl: this.kubectl,
      resolve: (v, ctx) => resolveOnCluster(this.kubectl, v, ctx),
      probePod: (ctx) => this.shared.probePods.ensure(this.kubectl, this.ns.forward("default"), ctx),
      admit: async (text, ctx) => (await this.submit(text, ctx, true)).result,
      backendsAnswerHostname: this.o.backendsAnswerHostname === true,
      ...this.o.network,
    };
  }

  /**
   * Probes go in renamed and observations come out renamed back; on --dry-run each observer only
   * prints its commands and the probe is skipped.
   */
  readonly observers: Observers;

  /** The kube observers behind the renaming (and dry-run) wrapper. */
  protected kubeObservers(): Observers {
    return mapObservers(kubeObservers(this.probeEnv()), (_kind, observe) => async (probe, ctx) => {
      const observed = observe(this.names.probe(probe), ctx);
      if (!this.o.dryRun) return this.names.observation(await observed);
      await observed.catch(() => undefined);
      throw new TargetError("dry run: nothing was observed", "unsupported");
    });
  }

  /** The cluster of this suite's block (kind: one per distinct block; cluster:CTX: that context). */
  async prepare(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    // The previous suite's last case is undone first, on its cluster, before a Corefile swap.
    await this.cleanup(ctx);
    const access = await this.clusters.ensure(setup.cluster, ctx);
    this.kubectl.use(access);
    this.shared.nodeNames = access.kindName
      ? kindNodeNameMap(setup.cluster, access.kindName, this.o.profileNodes?.(setup.cluster) ?? [])
      : undefined;
    this.shared.policyCrds.forget();
  }

  async addresses(ctx: TargetContext): Promise<AddressOwner[]> {
    return this.o.dryRun ? [] : clusterAddresses(this.kubectl, this.ns, ctx);
  }

  async reset(_setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    await this.cleanup(ctx);
    // `default` keeps its name where the run may change the cluster, so `kubernetes.default` and the
    // default search path mean what they mean (what the case puts there is removed after it).
    const keep = this.keptNamespaces();
    this.names = new Namespaced(new NamespaceMap(`netspec-${ctx.seed}-${++this.shared.cases}`, keep));
    if (this.shared.nodeNames) this.ns.nodes = this.shared.nodeNames;
    this.caseContext = this.kubectl.context;
  }

  /** Deletes the namespaces the previous case created, newest first. */
  protected async cleanup(ctx: TargetContext): Promise<void> {
    await this.restoreProtected(ctx);
    const created = [...this.ns.created.values()].reverse();
    // Services first, waited for, when the case pinned addresses: a namespace is deleted in the
    // background, and until its Services are gone their cluster IPs and node ports stay allocated,
    // so a next case pinning the same address would be refused ("provided IP is already allocated").
    if (this.pinnedAddresses)
      for (const n of created)
        await this.kubectl.run(
          ["kubectl", "delete", "services", "--all", "-n", n, "--wait=true", "--ignore-not-found"],
          ctx,
          { allowFailure: true },
        );
    for (const n of created) {
      await this.kubectl.run(
        ["kubectl", "delete", "namespace", n, "--wait=false", "--ignore-not-found"],
        ctx,
      );
      this.record.namespaceDeleted(ctx.workDir, n, this.kubectl);
    }
    this.ns.created.clear();
    this.pinnedAddresses = false;
  }

  /** Puts back every object outside the run's namespaces that the case changed. */
  protected async restoreProtected(ctx: TargetContext): Promise<void> {
    const unrestored = await this.protectedObjects.restoreAll(this.kubectl, ctx);
    if (unrestored.length)
      throw new TargetError(
        `could not restore what the case changed outside its namespaces: ${unrestored.join("; ")}`,
        "internal",
      );
  }

  async apply(manifests: ManifestText[], ctx: TargetContext): Promise<void> {
    await this.applyManifests(manifests, ctx);
    if (this.o.dryRun) return;
    // The case's own namespaces and the shared ones it put objects in (`default` where kept).
    const namespaces = [...new Set([...this.ns.created.values(), ...this.ns.kept.map((k) => k.namespace)])];
    await waitForPods(
      this.kubectl,
      namespaces.filter((n) => !NamespaceMap.isSystem(n)),
      ctx,
    );
  }

  /** `kubectl apply` of the manifests in the run's namespaces (created first); returns those namespaces. */
  protected async applyManifests(manifests: ManifestText[], ctx: TargetContext): Promise<string[]> {
    // Namespaces and the nodes a pod is put on in the cluster's names (namespaces.ts, node-names.ts).
    const text = manifests.map((m) => this.ns.manifests(m.text)).join("---\n");
    return (await this.submit(text, ctx, false)).namespaces;
  }

  /** Cluster-named `text` applied after the case's namespaces; `observe`: a refusal is returned. */
  protected async submit(text: string, ctx: TargetContext, observe: boolean) {
    this.pinnedAddresses ||= pinsServiceAddresses(text);
    // Namespaces first, in the same apply (kubectl applies a stream in order): the manifests may
    // only mention them. `expect apply` gets only those the case has (namespaces.ts toCreate).
    const namespaces = this.ns.toCreate(observe);
    const kept = (n: string) => NamespaceMap.isSystem(n) || (n === "default" && this.mayChangeCluster());
    await this.protectedObjects.protect(outsideObjects(text, kept), this.kubectl, ctx);
    const nsDocs = namespaces.map(
      (n) =>
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n  labels: { app.kubernetes.io/managed-by: netspec }\n`,
    );
    await this.shared.policyCrds.ensure(text, this.kubectl, ctx);
    // Journaled before they exist, so a run killed during the apply still has them cleaned.
    for (const n of namespaces) this.record.namespace(ctx.workDir, n, this.kubectl);
    const result = await applyWithStatus(this.kubectl, [...nsDocs, text].join("---\n"), ctx, observe);
    return { namespaces, result };
  }

  /** `[namespace, name]` of a scenario ref on the cluster. */
  protected ref(ref: ObjectRef): [string, string] {
    return [this.ns.forward(ref.namespace ?? "default"), ref.name];
  }

  /** Before a step changes `ref`: snapshot it when it lies outside the run's own namespaces. */
  protected async beforeChange(ref: ObjectRef, ctx: TargetContext): Promise<void> {
    const [namespace, name] = this.ref(ref);
    const kind = ref.kind;
    const clusterScoped = [...CLUSTER_SCOPED_KINDS].some((k) => k.toLowerCase() === kind.toLowerCase());
    if (clusterScoped)
      await this.protectedObjects.protect([{ apiVersion: "v1", kind, name }], this.kubectl, ctx);
    else if (NamespaceMap.isSystem(namespace))
      await this.protectedObjects.protect([{ apiVersion: "v1", kind, name, namespace }], this.kubectl, ctx);
  }

  async delete(ref: ObjectRef, ctx: TargetContext): Promise<void> {
    await this.beforeChange(ref, ctx);
    const [n, name] = this.ref(ref);
    await this.kubectl.run(["kubectl", "delete", ref.kind, name, "-n", n, "--wait=true"], ctx);
  }

  async label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    ctx: TargetContext,
  ): Promise<void> {
    if (change.podTemplate)
      throw new TargetError("pod-template labels on real clusters are not implemented yet", "unsupported");
    await this.beforeChange(ref, ctx);
    const [n, name] = this.ref(ref);
    const args = [
      ...Object.entries(change.set).map(([k, v]) => `${k}=${v}`),
      ...change.remove.map((k) => `${k}-`),
    ];
    const verb = change.annotate ? "annotate" : "label";
    await this.kubectl.run(["kubectl", verb, "--overwrite", ref.kind, name, "-n", n, ...args], ctx);
  }

  async patch(ref: ObjectRef, ops: PatchOp[], ctx: TargetContext): Promise<void> {
    await this.beforeChange(ref, ctx);
    const [n, name] = this.ref(ref);
    for (const op of ops) {
      const [type, body] = patchBody(op);
      await this.kubectl.run(
        ["kubectl", "patch", ref.kind, name, "-n", n, `--type=${type}`, "-p", JSON.stringify(body)],
        ctx,
      );
    }
  }

  async scale(ref: ObjectRef, replicas: number, ctx: TargetContext): Promise<void> {
    await this.beforeChange(ref, ctx);
    const [n, name] = this.ref(ref);
    await this.kubectl.run(["kubectl", "scale", ref.kind, name, "-n", n, `--replicas=${replicas}`], ctx);
  }

  async fault(name: string, args: { key?: string; value: string }[], ctx: TargetContext): Promise<void> {
    const realise = REAL_FAULTS[name];
    if (!realise || this.o.spec !== "kind")
      throw new TargetError(
        `fault ${name} is not realised on ${this.name} yet (see docs/faults.md)`,
        "unsupported",
      );
    const sh = (argv: string[], input?: string) => this.kubectl.run(argv, ctx, { input });
    this.healers.set(name, await realise(sh, args));
  }

  async heal(name: string): Promise<void> {
    const h = this.healers.get(name);
    this.healers.delete(name);
    await h?.();
  }

  async wait(ms: number, ctx: TargetContext): Promise<void> {
    if (this.o.dryRun) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      ctx.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  }

  async resolve(value: Value, ctx: TargetContext): Promise<string[]> {
    return this.names.values(await resolveOnCluster(this.kubectl, this.names.value(value), ctx));
  }

  async evidence(since: Date, ctx: TargetContext): Promise<Evidence[]> {
    if (this.o.dryRun) return [];
    return collectEvidence(this.kubectl, [...this.ns.created.values()], since, ctx);
  }

  async dispose(ctx: TargetContext): Promise<void> {
    if (this.isLane) return this.cleanup(ctx);
    try {
      await this.cleanup(ctx);
      await this.shared.probePods.deleteAll(ctx);
    } finally {
      await this.clusters.disposeAll(ctx);
    }
    this.record.done();
  }
}
