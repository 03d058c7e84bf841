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
import { stringifyManifest, type Kubectl } from "../kube/index.js";
import { TargetError, type TargetContext } from "../target.js";
import { packageRoot } from "./binaries.js";
import { until } from "./processes.js";
import { mcsApiObjects, usesMulticluster } from "./cluster/index.js";
import type { LocalCluster } from "./local-clusters.js";

interface World {
  /** `ADDR:PORT`s a world process answers on. */
  listening: Set<string>;
  state: string;
  records: string;
  behaviour?: UpstreamState["behaviour"];
}

/**
 * The IPv4 `ADDR:PORT`s a Corefile's `forward` lines send to (plugin/forward setup.go: TO is an
 * address, `dns://` address or resolv.conf path; the port defaults to 53). On the reference every
 * forward reaches the scenario's upstream world; here the world answers on those addresses too, put on
 * the fabric namespace's bridge (addresses of a namespace of ours, never routed off the machine).
 */
export function forwardAddresses(corefile: string): string[] {
  const out = new Set<string>();
  for (const line of corefile.replace(/#.*$/gm, "").split("\n")) {
    const m = /^\s*forward\s+\S+\s+([^{]*)/.exec(line);
    for (const to of m?.[1]?.trim().split(/\s+/) ?? []) {
      const a = /^(?:dns:\/\/)?(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(to);
      if (a) out.add(`${a[1]}:${a[2] ?? "53"}`);
    }
  }
  return [...out];
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
      const state = `${cluster.handle.journal.replace(/[^/]*$/, "")}upstream-world.json`;
      world = { state, records: text, listening: new Set() };
      this.write(world);
      await this.start(cluster, world, ctx);
      this.worlds.set(cluster, world);
      return;
    }
    // A Corefile swapped in may forward to addresses the world does not answer on yet.
    await this.start(cluster, world, ctx);
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

  /** Answers on the nodes' nameservers and the Corefile's forward addresses not answered on yet. */
  private async start(cluster: LocalCluster, world: World, ctx: TargetContext): Promise<void> {
    const wanted = [
      ...nameservers(cluster.shape.nodeResolvConf)
        .filter((a) => !a.includes(":"))
        .map((a) => `${a}:53`),
      ...forwardAddresses(cluster.shape.corefile),
    ];
    const listen = [...new Set(wanted)].filter((a) => !world.listening.has(a));
    if (!listen.length) return;
    const addresses = [...new Set(listen.map((a) => a.replace(/:\d+$/, "")))];
    for (const a of addresses) await cluster.handle.addFabricAddress(a);
    // One more world process per new set of addresses, reading the same state file.
    const name = world.listening.size ? `upstream-world-${world.listening.size}` : "upstream-world";
    for (const a of listen) world.listening.add(a);
    const bin = `${packageRoot()}/bin/netspec.js`;
    const argv = [process.execPath, bin, "local", "upstream-world", world.state, ...listen];
    cluster.handle.startInFabric(name, argv);
    const log = cluster.handle.logs().find((l) => l.name === name)?.path;
    await until(
      "the upstream world",
      async () => !!log && existsSync(log) && readFileSync(log, "utf8").includes("upstream world serving"),
      { timeoutMs: 15_000, signal: ctx.signal },
    ).catch((e: Error) => {
      throw new TargetError(`the upstream world did not start: ${e.message}`, "internal");
    });
    ctx.log(`local: upstream world on ${listen.join(", ")} (nameservers and forward addresses)`);
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
  // YAML documents: a stream kubectl sees starting with `{` is read as JSON, where `---` is an error.
  if (usesMulticluster(corefile))
    await kubectl.apply(mcsApiObjects().map(stringifyManifest).join("---\n"), ctx);
  const patch = JSON.stringify({ data: { Corefile: corefile } });
  await kubectl.run(
    ["kubectl", "-n", "kube-system", "patch", "configmap", "coredns", "--type=merge", "-p", patch],
    ctx,
  );
  await restartCoredns(kubectl, ctx);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  ctx.log(`local: another Corefile: the coredns ConfigMap patched and CoreDNS restarted in ${s}s`);
}
