/**
 * The local cluster's network, all inside namespaces of its own (kind's shape without Docker):
 * - a fabric namespace holding bridge `br0` at the gateway address (172.18.0.1/24), where the
 *   forwarder answers for the API server and the registry (forwarder.ts);
 * - one namespace per node, joined to the bridge by a veth (`eth0` in the node, `v<N>` on the
 *   bridge), with routes to every other node's pod subnet via that node (kindnet's routes) and to
 *   the service CIDR via the gateway (so a node's own processes can connect() to a cluster IP
 *   before kube-proxy's DNAT rewrites it);
 * - the fabric routes each pod subnet to its node, so replies reach pods talking to the gateway;
 * - each node masquerades what its pods send beyond the cluster's pod CIDRs out of eth0, as kindnet
 *   does (kind's images/kindnetd cmd/kindnetd: the ip-masq-agent chain, pod subnets not
 *   masqueraded), so an address outside the cluster sees the node's (outside.ts).
 * Nothing is added to the machine's own namespace, and no namespace has a default route: no
 * packet of the cluster can leave the machine.
 */
import { execa } from "execa";
import type { Journal } from "./journal.js";
import type { ClusterPlan } from "./spec.js";

/** Run a command, throwing with its output when it fails. */
export async function run(argv: string[], signal?: AbortSignal): Promise<string> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, stdin: "ignore", cancelSignal: signal });
  if (r.exitCode !== 0)
    throw new Error(
      `${argv.join(" ")}: exit ${r.exitCode ?? r.signal}: ${`${String(r.stderr)} ${String(r.stdout)}`.trim()}`,
    );
  return String(r.stdout);
}

/** argv prefix running a command in network namespace `netns` (and only that namespace). */
export function inNetns(netns: string): string[] {
  // nsenter --net enters the network namespace only: the kubelet, containerd and their mounts stay
  // in the machine's mount namespace, where each sees the other's (`ip netns exec` would give each
  // process a mount namespace of its own, hiding the kubelet's volume mounts from containerd).
  return ["nsenter", `--net=/run/netns/${netns}`, "--"];
}

async function sysctl(netns: string, settings: Record<string, string>): Promise<void> {
  const script = Object.entries(settings)
    .map(([k, v]) => `echo ${v} > /proc/sys/${k.replace(/\./g, "/")}`)
    .join(" && ");
  await run([...inNetns(netns), "sh", "-c", script]);
}

/** Create the fabric and every node's namespace (each journaled before it is made). */
export async function createNetwork(
  plan: ClusterPlan,
  journal: Journal,
  signal?: AbortSignal,
): Promise<void> {
  const fab = plan.fabricNetns;
  const ip = (...a: string[]) => run(["ip", ...a], signal);
  journal.record({ kind: "netns", name: fab });
  await ip("netns", "add", fab);
  await ip("-n", fab, "link", "set", "lo", "up");
  await ip("-n", fab, "link", "add", "br0", "type", "bridge");
  await ip("-n", fab, "addr", "add", `${plan.gateway}/24`, "dev", "br0");
  await ip("-n", fab, "link", "set", "br0", "up");
  // Frames crossing the fabric bridge are the nodes' business, not the fabric's netfilter.
  await sysctl(fab, {
    "net.bridge.bridge-nf-call-iptables": "0",
    "net.bridge.bridge-nf-call-ip6tables": "0",
  });
  for (const n of plan.nodes) {
    journal.record({ kind: "netns", name: n.netns });
    await ip("netns", "add", n.netns);
    await ip(
      "-n",
      fab,
      "link",
      "add",
      `v${n.index}`,
      "type",
      "veth",
      "peer",
      "name",
      "eth0",
      "netns",
      n.netns,
    );
    await ip("-n", fab, "link", "set", `v${n.index}`, "master", "br0", "up");
    await ip("-n", n.netns, "link", "set", "lo", "up");
    await ip("-n", n.netns, "addr", "add", `${n.ip}/24`, "dev", "eth0");
    await ip("-n", n.netns, "link", "set", "eth0", "up");
    await ip("-n", fab, "route", "add", n.podCidr, "via", n.ip);
    for (const svc of plan.spec.serviceCidrs)
      await ip("-n", n.netns, "route", "add", svc, "via", plan.gateway);
    for (const other of plan.nodes)
      if (other !== n) await ip("-n", n.netns, "route", "add", other.podCidr, "via", other.ip);
    // A node routes for its pods; bridged pod traffic passes netfilter, so kube-proxy's DNAT is
    // undone on replies between pods of one node (what br_netfilter is loaded for on real nodes).
    await sysctl(n.netns, {
      "net.ipv4.ip_forward": "1",
      "net.ipv4.conf.all.rp_filter": "0",
      "net.ipv4.conf.default.rp_filter": "0",
      "net.bridge.bridge-nf-call-iptables": "1",
      "net.bridge.bridge-nf-call-ip6tables": "1",
    });
    await masqueradeLeaving(n.netns, plan.spec.podCidrs, signal);
  }
}

/** `nft` in `netns`: pod traffic to anything but the pod CIDRs leaves eth0 with the node's address. */
async function masqueradeLeaving(netns: string, podCidrs: string[], signal?: AbortSignal): Promise<void> {
  const cidrs = podCidrs.filter((c) => !c.includes(":"));
  if (!cidrs.length) return;
  const set = `{ ${cidrs.join(", ")} }`;
  const nft = (command: string) => run([...inNetns(netns), "nft", command], signal);
  await nft("add table ip netspec-masq");
  await nft("add chain ip netspec-masq postrouting { type nat hook postrouting priority srcnat ; }");
  await nft(
    `add rule ip netspec-masq postrouting oifname eth0 ip saddr ${set} ip daddr != ${set} masquerade`,
  );
}

/**
 * One more address on the fabric bridge (a /32), routed from every node via the gateway: a nameserver
 * of the nodes' resolv.conf, an address outside the cluster. Inside the fabric only, like the rest.
 */
export async function addFabricAddress(plan: ClusterPlan, address: string): Promise<void> {
  const have = await run(["ip", "-n", plan.fabricNetns, "-o", "addr", "show", "dev", "br0"]);
  if (have.includes(` ${address}/`)) return;
  await run(["ip", "-n", plan.fabricNetns, "addr", "add", `${address}/32`, "dev", "br0"]);
  for (const n of plan.nodes)
    await run(["ip", "-n", n.netns, "route", "replace", `${address}/32`, "via", plan.gateway]);
}
