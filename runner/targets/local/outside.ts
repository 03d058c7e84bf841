/**
 * The local cluster's outside: its fabric namespace (kind's docker network) stands for everything
 * beyond the nodes. Clients `from external IP` dial from that address on the fabric; `to ip` an
 * address outside the cluster gets a host there (outside-process.ts) that writes back the source it
 * saw; a LoadBalancer ingress IP or externalIP is routed from the fabric to a node that has a ready
 * endpoint of its Service (what a load balancer honouring the health check node port, or a router
 * for an externalIP, would do), where kube-proxy's rules take it. Every address is one of the
 * fabric's, routed from the nodes via the gateway: no packet leaves the machine.
 *
 * The nodes masquerade pods' traffic leaving the pod CIDRs (network.ts, kindnet's masquerade), so an
 * outside host sees a node's address, as beyond a kind cluster.
 */
import { existsSync, readFileSync } from "node:fs";
import { execa } from "execa";
import type { Kubectl, OutsideConnection, OutsideNetwork } from "../kube/index.js";
import { TargetError, type TargetContext } from "../target.js";
import { packageRoot } from "./binaries.js";
import { inCidr, inNetns, run } from "./cluster/index.js";
import type { LocalCluster } from "./local-clusters.js";
import type { OutsideResult } from "./outside-process.js";
import { until } from "./processes.js";
import { nameservers } from "./upstream.js";

/** Whether `ip` belongs to the local cluster: its pods, Services, nodes and upstream world. */
export function insideCluster(ip: string, c: LocalCluster): boolean {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return true;
  return (
    [...c.shape.podCidrs, ...c.shape.serviceCidrs].some((cidr) => !cidr.includes(":") && inCidr(ip, cidr)) ||
    c.handle.nodes.some((n) => n.ip === ip) ||
    nameservers(c.shape.nodeResolvConf).includes(ip)
  );
}

interface FabricState {
  /** `IP:PORT`s an outside host answers on. */
  hosts: Set<string>;
  /** Addresses routed to a node: address → node name. */
  routed: Map<string, string>;
}

export class LocalOutside implements OutsideNetwork {
  private readonly state = new WeakMap<LocalCluster, FabricState>();

  constructor(
    private readonly cluster: () => LocalCluster,
    private readonly kubectl: () => Kubectl,
  ) {}

  async prepare(ip: string, port: number, ctx: TargetContext): Promise<void> {
    const c = this.cluster();
    if (insideCluster(ip, c)) return;
    const st = this.of(c);
    const node = await this.serviceNode(ip, ctx);
    if (node) {
      const n = c.handle.nodes.find((x) => x.name === node)!;
      await run(["ip", "-n", c.handle.fabric.netns, "route", "replace", `${ip}/32`, "via", n.ip]);
      st.routed.set(ip, node);
      ctx.log(`local: ${ip} (a Service's load-balancer or external IP) routed from outside to ${node}`);
      return;
    }
    const listen = `${ip}:${port}`;
    if (st.hosts.has(listen)) return;
    await c.handle.addFabricAddress(ip);
    const name = `outside-host-${st.hosts.size}`;
    st.hosts.add(listen);
    c.handle.startInFabric(name, [
      process.execPath,
      `${packageRoot()}/bin/netspec.js`,
      "local",
      "outside-host",
      listen,
    ]);
    const log = c.handle.logs().find((l) => l.name === name)?.path;
    await until(
      `the outside host on ${listen}`,
      async () => !!log && existsSync(log) && readFileSync(log, "utf8").includes("outside host serving"),
      { timeoutMs: 15_000, signal: ctx.signal },
    ).catch((e: Error) => {
      throw new TargetError(`the outside host on ${listen} did not start: ${e.message}`, "internal");
    });
    ctx.log(`local: an outside host answers on ${listen}`);
  }

  async connect(
    from: string,
    host: string,
    port: number,
    protocol: string,
    ctx: TargetContext,
  ): Promise<OutsideConnection> {
    const c = this.cluster();
    if (insideCluster(from, c))
      throw new TargetError(`${from} is an address of the cluster, not one outside it`, "user");
    await c.handle.addFabricAddress(from);
    const argv = [
      ...inNetns(c.handle.fabric.netns),
      process.execPath,
      `${packageRoot()}/bin/netspec.js`,
      "local",
      "outside-connect",
      from,
      `${host}:${port}`,
      protocol.toLowerCase(),
    ];
    const r = await execa(argv[0]!, argv.slice(1), {
      reject: false,
      stdin: "ignore",
      cancelSignal: ctx.signal,
    });
    let result: OutsideResult;
    try {
      result = JSON.parse(String(r.stdout).trim().split("\n").pop() ?? "") as OutsideResult;
    } catch {
      throw new TargetError(
        `outside-connect failed (exit ${r.exitCode}): ${String(r.stderr).trim()}`,
        "internal",
      );
    }
    const node = c.handle.nodes.find((n) => n.ip === host)?.name ?? this.of(c).routed.get(host);
    const said = [result.error, result.firstLine].filter(Boolean).join("; ");
    return {
      verdict: result.verdict,
      ...(result.firstLine ? { firstLine: result.firstLine } : {}),
      detail: `a client at ${from} outside the cluster dialled ${host}:${port}/${protocol}: ${result.verdict}${said ? ` (${said})` : ""}`,
      ...(node ? { node } : {}),
    };
  }

  private of(c: LocalCluster): FabricState {
    let st = this.state.get(c);
    if (!st) this.state.set(c, (st = { hosts: new Set(), routed: new Map() }));
    return st;
  }

  /** The node to route a Service's load-balancer ingress IP or externalIP to, if `ip` is one. */
  private async serviceNode(ip: string, ctx: TargetContext): Promise<string | undefined> {
    const list = await this.kubectl().getJson<{ items: ServiceJson[] }>(["services", "-A"], ctx);
    const svc = list?.items.find(
      (s) => s.spec?.externalIPs?.includes(ip) || s.status?.loadBalancer?.ingress?.some((i) => i.ip === ip),
    );
    if (!svc) return undefined;
    const slices = await this.kubectl().getJson<{ items: SliceJson[] }>(
      [
        "endpointslices",
        "-n",
        svc.metadata.namespace,
        "-l",
        `kubernetes.io/service-name=${svc.metadata.name}`,
      ],
      ctx,
    );
    const ready = slices?.items
      .flatMap((s) => s.endpoints ?? [])
      .find((e) => e.nodeName && e.conditions?.ready !== false)?.nodeName;
    return ready ?? this.cluster().handle.nodes[0]?.name;
  }
}

interface ServiceJson {
  metadata: { name: string; namespace: string };
  spec?: { externalIPs?: string[] };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

interface SliceJson {
  endpoints?: { nodeName?: string; conditions?: { ready?: boolean } }[];
}
