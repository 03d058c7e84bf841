/**
 * NetworkPolicy on the local cluster: kube-router's firewall (network policy) controller, one per
 * node, inside the node's network namespace, and nothing else of kube-router (no BGP routing, no
 * IPVS service proxy, no CNI: the bridge CNI and kube-proxy stay). Upstream's shape is
 * kube-router's pkg/controllers/netpol (v2.1.0): per-node iptables filter chains
 * KUBE-ROUTER-{INPUT,FORWARD,OUTPUT} jumped to from the built-in chains, one KUBE-POD-FW-… chain
 * per local pod a policy selects, ipsets of the peers, and a REJECT (icmp-port-unreachable) for
 * what no policy admits. Pod-to-pod traffic on one node is bridged on `cni0`; br_netfilter
 * (net.bridge.bridge-nf-call-iptables=1, set per node in network.ts) sends it through the node's
 * FORWARD chain, where kube-router's `-m physdev --physdev-is-bridged` rules see it.
 *
 * Everything it makes (chains, ipsets) lives in the node's namespace and goes with it; the process
 * is supervised and journaled like kube-proxy.
 */
import type { Processes } from "../processes.js";
import { until } from "../processes.js";
import { kubePaths } from "./kube-config.js";
import { inNetns, run } from "./network.js";
import type { ClusterPlan, NodePlan } from "./spec.js";

/** The NetworkPolicy implementations the local cluster can run (`cni` in a cluster block). */
export const NETWORK_POLICY_IMPLEMENTATIONS = ["kube-router"] as const;
export type NetworkPolicyImplementation = (typeof NETWORK_POLICY_IMPLEMENTATIONS)[number];

/** kube-router's flags for `node`: the firewall controller alone (pkg/options/options.go). */
export function kubeRouterArgs(plan: ClusterPlan, node: NodePlan): string[] {
  return [
    `--kubeconfig=${kubePaths(node).kubeconfig}`,
    `--hostname-override=${node.name}`,
    "--run-firewall=true",
    "--run-router=false",
    "--run-service-proxy=false",
    "--run-loadbalancer=false",
    "--enable-cni=false",
    "--enable-ipv4=true",
    "--enable-ipv6=false",
    // KUBE-ROUTER-INPUT lets pods reach service addresses on the node; it must be the cluster's.
    `--service-cluster-ip-range=${plan.spec.serviceCidrs[0]}`,
    "--metrics-port=0",
    "--v=1",
  ];
}

export const kubeRouterName = (node: NodePlan) => `${node.name}.kube-router`;

/** Whether kube-router's top-level chains are in place in `node`'s namespace (its first sync ran). */
async function chainsReady(node: NodePlan): Promise<boolean> {
  const rules = await run([...inNetns(node.netns), "iptables", "-t", "filter", "-S", "FORWARD"]);
  return rules.includes("-j KUBE-ROUTER-FORWARD");
}

/**
 * Start kube-router on every node of `plan` that does not run it yet, and wait until each has put
 * its chains in place (informers synced, first full sync done).
 */
export async function startKubeRouter(
  plan: ClusterPlan,
  processes: Processes,
  bins: Record<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  const bin = bins["kube-router"];
  if (!bin) throw new Error("kube-router is not built (run netspec local build)");
  for (const node of plan.nodes) {
    const name = kubeRouterName(node);
    if (processes.isRunning(name)) continue;
    processes.start(name, [...inNetns(node.netns), bin, ...kubeRouterArgs(plan, node)]);
  }
  for (const node of plan.nodes) {
    const name = kubeRouterName(node);
    await until(`${name} to install its chains`, () => chainsReady(node), {
      timeoutMs: 60_000,
      signal,
      check: () => processes.check(name),
    });
  }
}
