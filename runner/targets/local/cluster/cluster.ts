/**
 * A real multi-node Kubernetes cluster on this machine: `startCluster(spec)` → a ClusterHandle.
 * The control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) runs in the
 * machine's namespace on 127.0.0.1 (control-plane.ts); nodes run containerd, the kubelet and
 * kube-proxy in namespaces of their own (node.ts, network.ts); relays join the two (forwarder.ts);
 * images come from netspec's registry (images/registry.ts); CoreDNS runs as kubeadm's Deployment.
 * Every resource is journaled as it is made (journal.ts); `stop()`, a failed start and an aborted
 * start all end in cleanJournal, which also clears the journal of a killed run.
 */
import { containerExec } from "./container-exec.js";
import { execa } from "execa";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { execaRunner } from "../../kube/index.js";
import { ControlPlane, LOCAL_TOKEN } from "../control-plane.js";
import { requireTools, TOOLS } from "../host-tools.js";
import { OciLayout, type ImageName } from "../images/index.js";
import { serveRegistry } from "../images/registry.js";
import { Processes, until } from "../processes.js";
import { cleanJournal } from "./cleanup.js";
import { forwarderArgv, type ForwarderConfig } from "./forwarder.js";
import { Journal, processStartTime } from "./journal.js";
import { egressSelectorConfig } from "./kube-config.js";
import { addFabricAddress, createNetwork, inNetns } from "./network.js";
import { startNode } from "./node.js";
import { prePullBase } from "./pre-pull.js";
import { startKubeRouter } from "./network-policy.js";
import { addCoredns, patchPodCidrs, waitCoredns, waitNodesReady, drainPods } from "./readiness.js";
import { planCluster, type ClusterPlan, type ClusterSpec } from "./spec.js";
import { ClusterStartError, type ClusterHandle } from "./handle.js";

export { ClusterStartError, type ClusterHandle, type ClusterNode } from "./handle.js";

/**
 * Parents first: undone in reverse, children are removed before their parents. The kubelet's
 * device manager always uses /var/lib/kubelet/device-plugins (k8s.io/kubelet
 * pkg/apis/deviceplugin/v1beta1/constants.go DevicePluginPath), whatever its root directory.
 */
const HOST_DIRS: { path: string; files?: string[] }[] = [
  { path: "/run/netspec" },
  { path: "/run/containerd" },
  { path: "/run/containerd/s" },
  { path: "/var/lib/cni" },
  { path: "/var/lib/cni/results" },
  { path: "/var/lib/kubelet" },
  { path: "/var/lib/kubelet/device-plugins", files: ["kubelet.sock", "kubelet_internal_checkpoint"] },
];

function loadImages(layoutDir: string) {
  const layout = new OciLayout(layoutDir);
  const manifests = {} as Record<ImageName, ReturnType<OciLayout["lookup"]> & object>;
  for (const n of ["pause", "base", "agnhost", "coredns"] as ImageName[]) {
    const m = layout.lookup(n);
    if (!m) throw new Error(`image ${n} is missing from ${layoutDir} (run netspec local build)`);
    manifests[n] = m;
  }
  return { layout: layoutDir, manifests };
}

/** What one run holds while it starts and runs. */
interface Run {
  plan: ClusterPlan;
  journal: Journal;
  processes: Processes;
  sockets: string;
  handle: ClusterHandle;
  registryClose?: () => Promise<void>;
}

/** Journal, process supervision and the handle of a new run (nothing started yet). */
function openRun(spec: ClusterSpec, plan: ClusterPlan): Run {
  mkdirSync(`${spec.workDir}/logs`, { recursive: true });
  const journal = new Journal(`${spec.workDir}/journal.jsonl`);
  journal.record({
    kind: "run",
    id: plan.id,
    workDir: spec.workDir,
    at: new Date().toISOString(),
    owner: { pid: process.pid, startTime: processStartTime(process.pid) ?? "" },
  });
  const processes = new Processes(`${spec.workDir}/logs`, ({ name, pid, log }) =>
    journal.record({ kind: "process", name, pid, startTime: processStartTime(pid) ?? "", log }),
  );
  // Directories the components make on the machine itself (shim sockets, libcni's cache, the
  // kubelet's fixed device-plugin directory): removed at the end once empty, if this run made them.
  for (const d of HOST_DIRS) if (!existsSync(d.path)) journal.record({ kind: "host-dir", ...d });
  const sockets = `/run/netspec/${plan.id}`;
  journal.record({ kind: "path", path: sockets });
  mkdirSync(sockets, { recursive: true });
  let stopping: Promise<void> | undefined;
  const run: Run = {
    plan,
    journal,
    processes,
    sockets,
    handle: {
      kubeconfig: "",
      server: "",
      token: LOCAL_TOKEN,
      nodes: plan.nodes.map((n) => ({ name: n.name, ip: n.ip, netns: n.netns, podCidr: n.podCidr })),
      journal: journal.path,
      upMs: 0,
      exec: (node, argv, o = {}) => execInNode(plan, node, argv, o),
      containerExec: (target, argv, o = {}) =>
        containerExec(plan.nodes, spec.binaries.runc!, target, argv, o),
      fabric: { netns: plan.fabricNetns, gateway: plan.gateway },
      addFabricAddress: (ip) => addFabricAddress(plan, ip),
      startInFabric: (name, argv) => void processes.start(name, [...inNetns(plan.fabricNetns), ...argv]),
      enableNetworkPolicy: async (signal) => {
        await startKubeRouter(plan, processes, spec.binaries, signal).catch((e: Error) => {
          throw failure(e, processes);
        });
        run.handle.networkPolicy = "kube-router";
      },
      signal: (component, signal) => {
        if (!processes.signal(component, signal)) throw new Error(`${component} does not run`);
      },
      logs: () => [...processes.logs(), { name: "registry", path: `${spec.workDir}/logs/registry.log` }],
      down: () => processes.down(),
      // One teardown however often it is asked for (stop(), Ctrl-C, a failed start).
      stop: () =>
        (stopping ??= (async () => {
          // Pods are drained through the API; with a component dead (chaos) that would only wait out
          // kubectl, so the journal's teardown stops the containers instead.
          if (!processes.down().length) await drainPods(run.handle, plan, processes).catch(() => undefined);
          await run.registryClose?.();
          await cleanJournal(journal.path);
          await processes.stop();
        })()),
    },
  };
  return run;
}

/** The control plane with what real nodes need (see control-plane.ts `real`), then the relays and the scheduler. */
async function startControlPlane(run: Run, spec: ClusterSpec): Promise<number> {
  const { plan, processes, sockets } = run;
  writeFileSync(`${spec.workDir}/egress-selector.yaml`, egressSelectorConfig(`${sockets}/egress.sock`));
  spec.log?.(`local cluster ${plan.id}: control plane`);
  const cp = await ControlPlane.start({
    bins: spec.binaries,
    dir: `${spec.workDir}/control-plane`,
    serviceCidrs: spec.serviceCidrs,
    advertiseAddress: plan.gateway,
    real: true,
    apiserverFlags: [
      `--egress-selector-config-file=${spec.workDir}/egress-selector.yaml`,
      "--kubelet-preferred-address-types=InternalIP",
    ],
    processes,
    signal: spec.signal,
    log: spec.log,
  }).catch((e: Error) => {
    throw failure(e, processes);
  });
  run.handle.kubeconfig = cp.kubeconfig;
  run.handle.server = cp.server;
  await startForwarders(plan, processes, sockets, cp.port, spec.signal);
  processes.start("kube-scheduler", [
    spec.binaries["kube-scheduler"]!,
    `--kubeconfig=${cp.kubeconfig}`,
    "--leader-elect=false",
    "--secure-port=0",
  ]);
  return cp.port;
}

/** Start a cluster as `spec` asks; resolves when every node and CoreDNS are Ready. */
export async function startCluster(spec: ClusterSpec): Promise<ClusterHandle> {
  const t0 = performance.now();
  const plan = planCluster(spec);
  await requireTools(
    execaRunner(),
    [TOOLS.ip, TOOLS.nft, TOOLS.iptables, TOOLS.conntrack, TOOLS.nsenter, TOOLS.mount],
    "the local cluster",
  );
  const images = loadImages(spec.binaries.images!);
  const run = openRun(spec, plan);
  const { processes, handle } = run;
  // The pre-pulls run beside CoreDNS's start; a start that fails meanwhile stops them before the
  // teardown, so no `ctr` is left inside a node's namespace (a chaos test found one, CI stop 30).
  const pullsEnd = new AbortController();
  const pullSignal = spec.signal ? AbortSignal.any([spec.signal, pullsEnd.signal]) : pullsEnd.signal;
  let pulls: Promise<string[]> | undefined;
  try {
    await createNetwork(plan, run.journal, spec.signal);
    const reg = await serveRegistry(images, { path: `${run.sockets}/registry.sock` }, (h) =>
      appendFileSync(`${spec.workDir}/logs/registry.log`, `${h.method} ${h.path} ${h.status}\n`),
    );
    run.registryClose = reg.close;
    const port = await startControlPlane(run, spec);
    const server = `https://${plan.gateway}:${port}`;
    const ctx = {
      plan,
      journal: run.journal,
      processes,
      bins: spec.binaries,
      server,
      token: LOCAL_TOKEN,
      signal: spec.signal,
    };
    for (const n of plan.nodes) {
      spec.log?.(`local cluster ${plan.id}: ${n.name} (${n.ip}, pods ${n.podCidr})`);
      await startNode(ctx, n).catch((e: Error) => {
        throw failure(e, processes);
      });
    }
    await waitNodesReady(handle, plan, processes);
    await patchPodCidrs(handle, plan);
    if (spec.networkPolicy) await handle.enableNetworkPolicy(spec.signal);
    const pullStart = performance.now();
    pulls = prePullBase(plan, spec.binaries.ctr!, pullSignal).then((failed) => {
      const s = ((performance.now() - pullStart) / 1000).toFixed(1);
      spec.log?.(
        `local cluster ${plan.id}: base image pulled on ${plan.nodes.length - failed.length} node(s) in ${s}s`,
      );
      return failed;
    });
    await addCoredns(handle, plan);
    await waitCoredns(handle, plan, processes);
    for (const f of await pulls)
      spec.log?.(`local cluster ${plan.id}: the base image was not pre-pulled on ${f}`);
    handle.upMs = performance.now() - t0;
    spec.log?.(`local cluster ${plan.id}: up in ${(handle.upMs / 1000).toFixed(1)}s`);
    // Ctrl-C after the start (the caller's signal) tears the cluster down as well.
    spec.signal?.addEventListener("abort", () => void handle.stop(), { once: true });
    return handle;
  } catch (e) {
    pullsEnd.abort();
    await pulls?.catch(() => undefined);
    await handle.stop().catch(() => undefined);
    if (spec.signal?.aborted) throw new Error(`local cluster: start interrupted (cleaned up)`);
    throw e;
  }
}

/** A component's failure as a ClusterStartError naming it, with its log's tail. */
export function failure(e: Error, processes: Processes): Error {
  if (e instanceof ClusterStartError) return e;
  const m = /^([\w.-]+) exited with/.exec(e.message) ?? /waiting for ([\w.-]+)/.exec(e.message);
  const component = m?.[1] ?? "cluster";
  return new ClusterStartError(component, e.message.split("\n")[0]!, processes.tail(component, 20));
}

/** The host relay (api.sock → API server) and the fabric relay (see forwarder.ts). */
async function startForwarders(
  plan: ClusterPlan,
  processes: Processes,
  sockets: string,
  apiPort: number,
  signal?: AbortSignal,
): Promise<void> {
  const host: ForwarderConfig = {
    relays: [{ listen: { path: `${sockets}/api.sock` }, connect: { host: "127.0.0.1", port: apiPort } }],
  };
  const fabric: ForwarderConfig = {
    relays: [
      { listen: { host: plan.gateway, port: apiPort }, connect: { path: `${sockets}/api.sock` } },
      {
        listen: { host: plan.gateway, port: plan.registryPort },
        connect: { path: `${sockets}/registry.sock` },
      },
    ],
    connectProxy: { path: `${sockets}/egress.sock`, allow: plan.nodes.map((n) => n.ip) },
  };
  processes.start("forwarder-host", forwarderArgv(process.execPath, host));
  processes.start("forwarder-fabric", [
    ...inNetns(plan.fabricNetns),
    ...forwarderArgv(process.execPath, fabric),
  ]);
  for (const name of ["forwarder-host", "forwarder-fabric"])
    await until(`${name} to listen`, async () => processes.tail(name).includes("ready"), {
      timeoutMs: 10_000,
      signal,
      check: () => processes.check(name),
    }).catch((e: Error) => {
      throw failure(e, processes);
    });
}

async function execInNode(
  plan: ClusterPlan,
  node: string,
  argv: string[],
  o: { input?: string; signal?: AbortSignal },
) {
  const n = plan.nodes.find((x) => x.name === node);
  if (!n) throw new Error(`no node ${node} in this cluster (${plan.nodes.map((x) => x.name).join(", ")})`);
  const full = [...inNetns(n.netns), ...argv];
  const r = await execa(full[0]!, full.slice(1), { reject: false, input: o.input, cancelSignal: o.signal });
  return { code: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
