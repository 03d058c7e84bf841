/**
 * One kind cluster per distinct cluster block in a run: created lazily when the first suite with that
 * block is prepared, reused by every later suite with the same block, deleted at the end unless kept.
 * Blocks are told apart by the kind config they produce (profile, nodes, CIDRs, CNI, proxy mode, IP
 * family). An existing cluster of the same name (`--kind-cluster`, or a kept one) is reused as is.
 */
import type { ClusterSettings } from "../../../dsl/index.js";
import { TargetError, type TargetContext } from "../target.js";
import { CNI_MANIFESTS, kindConfig, kindConfigProblems } from "./kind-config.js";
import type { ClusterAccess, ClusterProvider } from "./clusters.js";
import type { Kubectl } from "./kubectl.js";
import type { RunRecorder } from "./run-journal.js";

/** Why the kind target skips a suite with this block (a CNI it cannot install), or undefined. */
export function kindSuiteSkip(cluster: ClusterSettings): string | undefined {
  const cni = cluster.cni && cluster.cni !== "kindnet" ? cluster.cni : undefined;
  if (cni && !CNI_MANIFESTS[cni])
    return `the kind target cannot install the ${cni} CNI (known: ${Object.keys(CNI_MANIFESTS).join(", ")})`;
  return undefined;
}

export class KindClusters implements ClusterProvider {
  /** The run's own kind clusters (or ones the user named for it) may be changed anywhere. */
  readonly owned = true;
  private readonly byConfig = new Map<string, ClusterAccess>();
  private readonly created: string[] = [];
  private existing?: Set<string>;

  constructor(
    /** Runs kind and kubectl (its context is set per call by the caller). */
    private readonly kubectl: Kubectl,
    private readonly o: { base?: string; keep?: boolean; dryRun?: boolean; record?: RunRecorder },
  ) {}

  /** The cluster for this block, created on first use. */
  async ensure(cluster: ClusterSettings, ctx: TargetContext): Promise<ClusterAccess> {
    const config = kindConfig(cluster);
    // A CNI the target cannot install is refused before any cluster is made (so no name is spent),
    // and blocks differing only in their CNI get clusters of their own.
    const cni = cluster.cni && cluster.cni !== "kindnet" ? cluster.cni : undefined;
    const skip = kindSuiteSkip(cluster);
    if (skip) throw new TargetError(skip, "unsupported");
    const key = `${config}\n# cni: ${cni ?? "kindnet"}`;
    const known = this.byConfig.get(key);
    if (known) return known;
    const base = this.o.base ?? `netspec-${ctx.seed}`;
    const name = this.byConfig.size === 0 ? base : `${base}-${this.byConfig.size + 1}`;
    const problems = kindConfigProblems(cluster, name);
    if (problems.length)
      throw new TargetError(
        `kind would refuse this cluster block: ${problems.join("; ")}`,
        "user",
        undefined,
        config,
      );
    if (!(await this.exists(name, ctx))) await this.create(name, cluster, config, ctx);
    const made = { kindName: name, context: `kind-${name}` };
    this.byConfig.set(key, made);
    return made;
  }

  private async exists(name: string, ctx: TargetContext): Promise<boolean> {
    if (this.o.dryRun) return false;
    this.existing ??= new Set((await this.kubectl.run(["kind", "get", "clusters"], ctx)).stdout.split("\n"));
    return this.existing.has(name);
  }

  private async create(
    name: string,
    cluster: ClusterSettings,
    config: string,
    ctx: TargetContext,
  ): Promise<void> {
    const create = ["kind", "create", "cluster", "--name", name, "--wait", "120s", "--config", "-"];
    const ours = !this.o.keep && !this.o.base;
    // Journaled before it exists: a run killed during `kind create` leaves a half-made cluster.
    if (ours && !this.o.dryRun) this.o.record?.kindCluster(ctx.workDir, name);
    await this.kubectl.run(create, ctx, { input: config });
    if (ours) this.created.push(name);
    const cni = cluster.cni && cluster.cni !== "kindnet" ? cluster.cni : undefined;
    const manifest = cni ? CNI_MANIFESTS[cni] : undefined;
    if (!manifest) return;
    await this.kubectl.run(["kubectl", "--context", `kind-${name}`, "apply", "-f", manifest], ctx);
  }

  /** Deletes the clusters this run created, newest first. */
  async disposeAll(ctx: TargetContext): Promise<void> {
    for (const name of this.created.reverse()) {
      await this.kubectl.run(["kind", "delete", "cluster", "--name", name], ctx);
      if (!this.o.dryRun) this.o.record?.kindCluster(ctx.workDir, name, true);
    }
    this.created.length = 0;
  }
}
