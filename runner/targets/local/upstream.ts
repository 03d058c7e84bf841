/**
 * The scenario's upstream world on the local cluster: `netspec local upstream-world` (a process in the
 * cluster's fabric namespace) answers on every nameserver address of the nodes' resolv.conf — where
 * CoreDNS's `forward . /etc/resolv.conf` and `dnsPolicy: Default` pods send what is not the
 * cluster's — with the engine's model of the outside (the same answers the reference gives). A suite
 * with another world rewrites the process's state file and restarts CoreDNS, whose cache would
 * otherwise still hold the previous world's answers. Upstream faults rewrite its behaviour.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { UpstreamRecord } from "../../../dsl/index.js";
import type { UpstreamState } from "../dns-wire/index.js";
import type { Kubectl } from "../kube/index.js";
import { TargetError, type TargetContext } from "../target.js";
import { packageRoot } from "./binaries.js";
import { until } from "./processes.js";
import { mcsApiObjects, usesMulticluster } from "./cluster/index.js";
import type { LocalCluster } from "./local-clusters.js";

interface World {
  state: string;
  records: string;
  behaviour?: UpstreamState["behaviour"];
}

/** `nameserver` addresses of a resolv.conf. */
export function nameservers(resolvConf: string): string[] {
  return resolvConf
    .split("\n")
    .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
    .filter((x): x is string => !!x);
}

export class UpstreamWorlds {
  private readonly worlds = new Map<LocalCluster, World>();

  /** Serves `records` for `cluster` (starting the server on first use; restarting CoreDNS on a change). */
  async ensure(
    cluster: LocalCluster,
    records: UpstreamRecord[],
    kubectl: Kubectl,
    ctx: TargetContext,
  ): Promise<void> {
    const text = JSON.stringify(
      records.map((r) => ({ name: r.name, type: r.type, data: r.data, ttl: r.ttl, rcode: r.rcode })),
    );
    let world = this.worlds.get(cluster);
    if (!world) {
      world = { state: `${cluster.handle.journal.replace(/[^/]*$/, "")}upstream-world.json`, records: text };
      this.write(world);
      await this.start(cluster, world, ctx);
      this.worlds.set(cluster, world);
      return;
    }
    if (world.records === text) return;
    world.records = text;
    this.write(world);
    ctx.log("local: another upstream world: restarting CoreDNS so its cache forgets the previous one");
    await restartCoredns(kubectl, ctx);
  }

  /** Changes how the world behaves (upstream-* faults); undefined: as modelled. */
  behave(cluster: LocalCluster, behaviour: UpstreamState["behaviour"]): void {
    const world = this.worlds.get(cluster);
    if (!world) throw new TargetError("the upstream world is not running", "internal");
    world.behaviour = behaviour;
    this.write(world);
  }

  private write(world: World): void {
    const state: UpstreamState = {
      records: JSON.parse(world.records) as UpstreamState["records"],
      behaviour: world.behaviour,
    };
    writeFileSync(world.state, JSON.stringify(state));
  }

  private async start(cluster: LocalCluster, world: World, ctx: TargetContext): Promise<void> {
    const addresses = nameservers(cluster.shape.nodeResolvConf).filter((a) => !a.includes(":"));
    if (!addresses.length) return;
    for (const a of addresses) await cluster.handle.addFabricAddress(a);
    const bin = `${packageRoot()}/bin/netspec.js`;
    const argv = [
      process.execPath,
      bin,
      "local",
      "upstream-world",
      world.state,
      ...addresses.map((a) => `${a}:53`),
    ];
    cluster.handle.startInFabric("upstream-world", argv);
    const log = cluster.handle.logs().find((l) => l.name === "upstream-world")?.path;
    await until(
      "the upstream world",
      async () => !!log && existsSync(log) && readFileSync(log, "utf8").includes("upstream world serving"),
      { timeoutMs: 15_000, signal: ctx.signal },
    ).catch((e: Error) => {
      throw new TargetError(`the upstream world did not start: ${e.message}`, "internal");
    });
    ctx.log(`local: upstream world on ${addresses.join(", ")} (the nodes' nameservers)`);
  }
}

/** A fresh CoreDNS (empty caches, the ConfigMap's Corefile read at start): kubectl rollout restart. */
export async function restartCoredns(kubectl: Kubectl, ctx: TargetContext): Promise<void> {
  const old = (
    await kubectl.run(
      ["kubectl", "-n", "kube-system", "get", "pods", "-l", "k8s-app=kube-dns", "-o", "name"],
      ctx,
    )
  ).stdout
    .split("\n")
    .filter(Boolean);
  await kubectl.run(["kubectl", "-n", "kube-system", "rollout", "restart", "deployment", "coredns"], ctx);
  await kubectl.run(
    ["kubectl", "-n", "kube-system", "rollout", "status", "deployment", "coredns", "--timeout=120s"],
    ctx,
  );
  // A rolled-out Deployment still has its old pods terminating: kubeadm's `health { lameduck 5s }`
  // keeps them answering with the old Corefile for 5 s (plugin/health setup.go lameduck), and
  // kube-proxy may still send a query to one. Seen in CI: an NXDOMAIN's SOA with the previous
  // suite's `ttl 30`. The old pods gone, only the new Corefile answers.
  if (old.length)
    await kubectl.run(
      ["kubectl", "-n", "kube-system", "wait", "--for=delete", ...old, "--timeout=90s"],
      ctx,
      { allowFailure: true },
    );
}

/** Another suite's Corefile on a running cluster: the coredns ConfigMap replaced, CoreDNS restarted. */
export async function setCorefile(kubectl: Kubectl, corefile: string, ctx: TargetContext): Promise<void> {
  const t0 = performance.now();
  // A multicluster Corefile's CoreDNS is Ready only once it can list ServiceImports (mcs-api.ts).
  if (usesMulticluster(corefile))
    await kubectl.apply(
      mcsApiObjects()
        .map((o) => JSON.stringify(o))
        .join("\n---\n"),
      ctx,
    );
  const patch = JSON.stringify({ data: { Corefile: corefile } });
  await kubectl.run(
    ["kubectl", "-n", "kube-system", "patch", "configmap", "coredns", "--type=merge", "-p", patch],
    ctx,
  );
  await restartCoredns(kubectl, ctx);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  ctx.log(`local: another Corefile: the coredns ConfigMap patched and CoreDNS restarted in ${s}s`);
}
