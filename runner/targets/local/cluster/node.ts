/**
 * One node of the local cluster: containerd, the kubelet and kube-proxy, each inside the node's
 * network namespace (network.ts), with configuration, state and logs under the node's directory.
 * Every resource is journaled before it is made, in the order that makes reverse-order teardown
 * right (journal.ts): the node's mounts, its cgroup root, containerd's leftovers, containerd,
 * kube-proxy's nft tables, the kubelet, kube-proxy.
 */
import { execa } from "execa";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Processes } from "../processes.js";
import { until } from "../processes.js";
import type { Journal } from "./journal.js";
import { kubeconfig, kubeletArgs, kubeletConfig, kubePaths, kubeProxyConfig } from "./kube-config.js";
import { inNetns } from "./network.js";
import { cniConflist, containerdConfig, registryHosts, runtimePaths } from "./runtime-config.js";
import type { ClusterPlan, NodePlan } from "./spec.js";

export interface NodeContext {
  plan: ClusterPlan;
  journal: Journal;
  processes: Processes;
  bins: Record<string, string>;
  /** The API server as nodes reach it (through the fabric gateway). */
  server: string;
  token: string;
  signal?: AbortSignal;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Every configuration file of `node`. */
export function writeNodeFiles(c: NodeContext, node: NodePlan): void {
  const rt = runtimePaths(node);
  const k = kubePaths(node);
  write(rt.config, containerdConfig(c.plan, node, c.bins));
  for (const [file, text] of Object.entries(registryHosts(`http://${c.plan.gateway}:${c.plan.registryPort}`)))
    write(`${rt.certsDir}/${file}`, text);
  write(`${rt.cniConfDir}/10-netspec.conflist`, cniConflist(node));
  write(k.kubeletConfig, kubeletConfig(c.plan, node));
  write(k.kubeconfig, kubeconfig(c.server, c.token));
  write(k.proxyConfig, kubeProxyConfig(c.plan, node));
  write(k.resolvConf, c.plan.spec.nodeResolvConf ?? `nameserver ${c.plan.gateway}\n`);
  for (const d of [rt.root, rt.state, rt.runcRoot, rt.cniDataDir, k.kubeletRoot, k.podLogs, node.socketDir])
    mkdirSync(d, { recursive: true });
}

/**
 * The node's cgroup root in every v1 hierarchy mounted here (the kubelet verifies it exists and
 * puts `kubepods` below it). cpuset needs its cpus and mems before a process may join.
 */
function createCgroup(name: string): void {
  const base = "/sys/fs/cgroup";
  for (const h of readdirSync(base)) {
    const dir = `${base}/${h}`;
    if (!existsSync(`${dir}/cgroup.procs`)) continue;
    mkdirSync(`${dir}${name}`, { recursive: true });
    if (h === "cpuset")
      for (const f of ["cpuset.cpus", "cpuset.mems"])
        writeFileSync(`${dir}${name}/${f}`, readFileSync(`${dir}/${f}`, "utf8"));
  }
}

/** k8s.io/kubelet pkg/apis/deviceplugin/v1beta1/constants.go: DevicePluginPath + KubeletSocket. */
const DEVICE_PLUGIN_SOCKET = "/var/lib/kubelet/device-plugins/kubelet.sock";

/** Whether the device-plugin socket was made after `ms` (a kubelet started then has bound it). */
function boundSince(ms: number): boolean {
  try {
    const st = statSync(DEVICE_PLUGIN_SOCKET);
    return st.isSocket() && st.ctimeMs > ms;
  } catch {
    return false;
  }
}

async function containerdUp(c: NodeContext, node: NodePlan, name: string): Promise<boolean> {
  if (!existsSync(runtimePaths(node).socket)) return false;
  const r = await execa(c.bins.ctr!, ["--address", runtimePaths(node).socket, "version"], { reject: false });
  c.processes.check(name);
  return r.exitCode === 0 && /Server:/.test(String(r.stdout));
}

/** Start containerd, the kubelet and kube-proxy of `node`; resolves once containerd answers. */
export async function startNode(c: NodeContext, node: NodePlan): Promise<void> {
  writeNodeFiles(c, node);
  const rt = runtimePaths(node);
  const k = kubePaths(node);
  const ns = inNetns(node.netns);
  // State goes with the run (images unpacked per node are large); logs stay in the work directory.
  for (const d of [`${node.dir}/containerd`, k.kubeletRoot, node.socketDir])
    c.journal.record({ kind: "path", path: d });
  c.journal.record({ kind: "mounts", path: node.dir });
  c.journal.record({ kind: "mounts", path: node.socketDir });
  c.journal.record({ kind: "cgroup", name: node.cgroupRoot.slice(1) });
  createCgroup(node.cgroupRoot);
  c.journal.record({
    kind: "containerd",
    address: rt.socket,
    runcRoot: rt.runcRoot,
    netns: node.netns,
    root: rt.root,
  });
  const name = `${node.name}.containerd`;
  c.processes.start(name, [...ns, c.bins.containerd!, "--config", rt.config]);
  await until(`${name} to answer on ${rt.socket}`, () => containerdUp(c, node, name), {
    timeoutMs: 30_000,
    signal: c.signal,
    check: () => c.processes.check(name),
  });
  c.journal.record({ kind: "nft", netns: node.netns });
  const kubelet = `${node.name}.kubelet`;
  const started = Date.now();
  c.processes.start(kubelet, [...ns, c.bins.kubelet!, ...kubeletArgs(node)]);
  // Every kubelet of the cluster binds the one device-plugin socket path: its device manager
  // removes the files in that directory, then listens (pkg/kubelet/cm/devicemanager/plugin/v1beta1
  // server.go Start: cleanupPluginDirectory, net.Listen). Two kubelets starting together can both
  // clean before either listens, and the second then dies of EADDRINUSE; the next node's kubelet
  // starts only once this one's socket is there.
  await until(`${kubelet} to listen on ${DEVICE_PLUGIN_SOCKET}`, () => Promise.resolve(boundSince(started)), {
    timeoutMs: 60_000,
    signal: c.signal,
    check: () => c.processes.check(kubelet),
  });
  c.processes.start(`${node.name}.kube-proxy`, [
    ...ns,
    c.bins["kube-proxy"]!,
    `--config=${k.proxyConfig}`,
    "--v=1",
  ]);
}
