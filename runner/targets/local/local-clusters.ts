/**
 * The local target's clusters: one real cluster (cluster/) per distinct cluster block, shaped like
 * the reference profile builds it (node names and pod CIDRs, service CIDR, DNS address, Corefile,
 * the nodes' resolv.conf), so pins a spec makes on node names mean the same on both; blocks that differ
 * only in their Corefile share a cluster (the ConfigMap is swapped and CoreDNS restarted). A block that
 * cannot be built here (more than 5 nodes, dual-stack, IPVS, OpenShift's DNS operator) is refused as
 * unsupported with the reason. At most two clusters stay up at once (the least recently used one is
 * stopped), and every cluster is stopped at the end.
 *
 * NetworkPolicy: `cni kube-router` starts kube-router's firewall on the block's cluster
 * (cluster/network-policy.ts); a block without `cni` gets it on the first NetworkPolicy applied
 * (LocalTarget.apply), since kube-router is the one implementation this machine can run; any other
 * CNI (calico, cilium, antrea, ...) is refused as unsupported.
 */
import type { ClusterSettings } from "../../../dsl/index.js";
import type { ClusterAccess, ClusterProvider } from "../kube/index.js";
import { clusterShape, type ClusterShape } from "../reference/index.js";
import { TargetError, type TargetContext } from "../target.js";
import { InFlight } from "../in-flight.js";
import {
  ClusterSpecError,
  MAX_LOCAL_NODES,
  startCluster,
  type ClusterHandle,
  type ClusterSpec,
} from "./cluster/index.js";

export interface LocalCluster {
  handle: ClusterHandle;
  shape: ClusterShape;
  key: string;
}

export interface LocalClustersOptions {
  binaries: (ctx: TargetContext) => Promise<Record<string, string>>;
  /** Where each cluster's journal, state and logs go. */
  workDir: (ctx: TargetContext) => string;
  /** How many clusters may run at once (default 2). */
  keep?: number;
  /** Puts another Corefile into a running cluster (the coredns ConfigMap, CoreDNS restarted). */
  setCorefile: (cluster: LocalCluster, corefile: string, ctx: TargetContext) => Promise<void>;
}

/** The `cni` values a local cluster honours: the bridge CNI alone, or with kube-router's firewall. */
const LOCAL_CNIS = new Set(["kube-router", "bridge", "kindnet"]);

/** Why this block's `cni` cannot be run here, or undefined. */
export function unrunnableCni(cni: string | undefined): string | undefined {
  if (cni === undefined || LOCAL_CNIS.has(cni.toLowerCase())) return undefined;
  return `the local cluster runs the bridge CNI with kube-router's NetworkPolicy firewall; cni ${cni} is not run here (it would need its own agent and datapath)`;
}

/** Why this block cannot be a local cluster, or undefined. */
export function unbuildable(shape: ClusterShape): string | undefined {
  if (shape.nodes.length > MAX_LOCAL_NODES)
    return `the local cluster runs at most ${MAX_LOCAL_NODES} nodes on this machine; the block asks for ${shape.nodes.length}`;
  if (shape.serviceCidrs.length > 1 || shape.podCidrs.length > 1)
    return "the local cluster is IPv4 only: dual-stack blocks are not built here";
  if (shape.proxyMode === "ipvs")
    return "kube-proxy's ipvs mode needs IPVS, which this machine's kernel lacks";
  if (shape.profile === "openshift")
    return "OpenShift's DNS operator and openshift-dns are not run by the local cluster";
  return undefined;
}

export class LocalClusters implements ClusterProvider {
  readonly owned = true;
  private readonly running: LocalCluster[] = [];
  private bins?: Record<string, string>;
  private readonly enabling = new InFlight();
  /** The cluster of the suite being run. */
  current?: LocalCluster;

  constructor(private readonly o: LocalClustersOptions) {}

  async ensure(cluster: ClusterSettings, ctx: TargetContext): Promise<ClusterAccess> {
    const shape = clusterShape(cluster);
    const why = unbuildable(shape) ?? unrunnableCni(cluster.cni);
    if (why) throw new TargetError(why, "unsupported");
    // The Corefile is the coredns ConfigMap's: a suite with another one reuses the cluster and swaps it.
    const key = JSON.stringify({ ...shape, corefile: undefined });
    let found = this.running.find((c) => c.key === key);
    if (!found) found = await this.start(shape, key, ctx);
    else if (found.shape.corefile !== shape.corefile) {
      await this.o.setCorefile(found, shape.corefile, ctx);
      found.shape = shape;
    }
    this.running.splice(this.running.indexOf(found), 1);
    this.running.push(found);
    this.current = found;
    if (cluster.cni?.toLowerCase() === "kube-router") await this.enableNetworkPolicy(found, ctx);
    return { kubeconfig: found.handle.kubeconfig, kubectl: this.bins!.kubectl };
  }

  /** Start kube-router's firewall on `c`'s nodes (once; a failure is the target's, with the log's tail). */
  async enableNetworkPolicy(c: LocalCluster, ctx: TargetContext): Promise<void> {
    if (c.handle.networkPolicy) return;
    // Cases running at once may each bring the first NetworkPolicy: one start for all of them.
    return this.enabling.run(c.handle.kubeconfig, () => this.startNetworkPolicy(c, ctx));
  }

  private async startNetworkPolicy(c: LocalCluster, ctx: TargetContext): Promise<void> {
    ctx.log(`local: starting kube-router's network policy controller on ${c.handle.nodes.length} node(s)`);
    const t0 = performance.now();
    await c.handle.enableNetworkPolicy(ctx.signal).catch((e: Error) => {
      throw new TargetError(e.message, "internal");
    });
    ctx.log(`local: kube-router ready in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }

  private async start(shape: ClusterShape, key: string, ctx: TargetContext): Promise<LocalCluster> {
    while (this.running.length >= (this.o.keep ?? 2)) await this.stop(this.running[0]!);
    this.bins ??= await this.o.binaries(ctx);
    const startOnly = new AbortController();
    const onAbort = () => startOnly.abort();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    const spec: ClusterSpec = {
      nodes: shape.nodes.length,
      nodeNames: shape.nodes.map((n) => n.name),
      nodePodCidrs: shape.nodes.map((n) => n.podCIDRs[0]!),
      serviceCidrs: shape.serviceCidrs,
      podCidrs: shape.podCidrs,
      clusterDomain: shape.domain,
      dnsServiceIp: shape.dnsService.clusterIPs[0]!,
      proxyMode: shape.proxyMode === "nftables" ? "nftables" : "iptables",
      nodeResolvConf: shape.nodeResolvConf,
      corefile: shape.corefile,
      workDir: `${this.o.workDir(ctx)}/cluster-${this.running.length + 1}-${Date.now()}`,
      binaries: this.bins,
      // Aborts the start only: once up, the cluster is the target's to stop (dispose), so teardown
      // after Ctrl-C runs in order instead of racing the cluster's own.
      signal: startOnly.signal,
      log: ctx.log,
    };
    ctx.log(
      `local: starting a ${spec.nodes}-node cluster (${spec.nodeNames!.join(", ")}; ${spec.proxyMode})`,
    );
    const handle = await startCluster(spec)
      .catch((e: Error) => {
        throw new TargetError(e.message, e instanceof ClusterSpecError ? "unsupported" : "internal");
      })
      .finally(() => ctx.signal.removeEventListener("abort", onAbort));
    const made = { handle, shape, key };
    this.running.push(made);
    return made;
  }

  private async stop(c: LocalCluster): Promise<void> {
    this.running.splice(this.running.indexOf(c), 1);
    if (this.current === c) this.current = undefined;
    await c.handle.stop();
  }

  async disposeAll(_ctx: TargetContext): Promise<void> {
    for (const c of [...this.running].reverse()) await this.stop(c);
  }
}
