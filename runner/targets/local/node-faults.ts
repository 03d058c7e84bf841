/**
 * Node faults on the local cluster, realised on its real components (the reference's meaning is in
 * engine/faults/catalog.ts; docs/faults.md has the table of targets):
 * - `kube-proxy-down NODE`: the node's kube-proxy frozen (SIGSTOP). Its nftables/iptables rules stay
 *   as they were and follow no EndpointSlice change, which is what a dead kube-proxy leaves behind.
 * - `partition A B [C...]`: A cannot reach B, C.. nor they A: an nftables table in each side's
 *   network namespace drops packets to and from the other side's node address and pod CIDR (kind's
 *   realisation drops between node containers the same way).
 * - `node-down NODE`: the node goes dark: its kubelet and kube-proxy frozen (no heartbeat, no
 *   status), every packet into, out of and through its namespace dropped. The fault is in place once
 *   the node lifecycle controller has marked the node NotReady (pkg/controller/nodelifecycle,
 *   node-monitor-grace-period, 40 s in 1.31), which is where the reference engine's node-down starts.
 */
import type { FaultArg } from "../../../dsl/index.js";
import { TargetError, type TargetContext } from "../target.js";
import type { ClusterHandle, ClusterNode } from "./cluster/index.js";

type Heal = () => Promise<void>;

/** How long node-down waits for the control plane to see the node NotReady. */
const NOT_READY_WAIT_MS = 120_000;
const TABLE = "netspec_fault";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function positional(args: FaultArg[]): string[] {
  return args.filter((a) => a.key === undefined).map((a) => a.value);
}

function node(h: ClusterHandle, name: string | undefined, fault: string): ClusterNode {
  const n = h.nodes.find((x) => x.name === name);
  if (!n)
    throw new TargetError(
      `${fault}: no node ${name ?? "(none given)"} in this cluster (${h.nodes.map((x) => x.name).join(", ")})`,
      "unsupported",
    );
  return n;
}

async function nft(h: ClusterHandle, n: ClusterNode, script: string, ctx: TargetContext): Promise<void> {
  const r = await h.exec(n.name, ["nft", "-f", "-"], { input: script, signal: ctx.signal });
  if (r.code !== 0) throw new Error(`nft on ${n.name}: ${r.stderr.trim()}`);
}

/** A table dropping what `match` selects, on input, output and forward (priority before kube-proxy). */
function dropTable(match: string[]): string {
  const rules = match.map((m) => `    ${m} drop`).join("\n");
  const chain = (hook: string) =>
    `  chain ${hook} {\n    type filter hook ${hook} priority -300; policy accept;\n${rules}\n  }`;
  return `table inet ${TABLE} {\n${["input", "output", "forward"].map(chain).join("\n")}\n}\n`;
}

async function removeTable(h: ClusterHandle, n: ClusterNode, ctx: TargetContext): Promise<void> {
  await h.exec(n.name, ["nft", "delete", "table", "inet", TABLE], { signal: ctx.signal });
}

async function kubeProxyDown(h: ClusterHandle, args: FaultArg[]): Promise<Heal> {
  const n = node(h, positional(args)[0], "kube-proxy-down");
  h.signal(`${n.name}.kube-proxy`, "SIGSTOP");
  return async () => h.signal(`${n.name}.kube-proxy`, "SIGCONT");
}

async function partition(h: ClusterHandle, args: FaultArg[], ctx: TargetContext): Promise<Heal> {
  const [first, ...rest] = positional(args).map((a) => node(h, a, "partition"));
  if (!first || rest.length === 0) throw new TargetError("partition needs two nodes or more", "unsupported");
  const cut = (from: ClusterNode, others: ClusterNode[]) =>
    dropTable(others.flatMap((o) => [o.ip, o.podCidr].flatMap((a) => [`ip daddr ${a}`, `ip saddr ${a}`])));
  const sides: [ClusterNode, ClusterNode[]][] = [
    [first, rest],
    ...rest.map((r) => [r, [first]] as [ClusterNode, ClusterNode[]]),
  ];
  for (const [n, others] of sides) await nft(h, n, cut(n, others), ctx);
  return async () => {
    for (const [n] of sides) await removeTable(h, n, ctx);
  };
}

async function nodeReady(kubectl: KubectlRun, name: string, ctx: TargetContext): Promise<string> {
  const r = await kubectl(
    ["kubectl", "get", "node", name, "-o", `jsonpath={.status.conditions[?(@.type=="Ready")].status}`],
    ctx,
  );
  return r.trim();
}

export type KubectlRun = (argv: string[], ctx: TargetContext) => Promise<string>;

async function nodeDown(
  h: ClusterHandle,
  args: FaultArg[],
  ctx: TargetContext,
  kubectl: KubectlRun,
): Promise<Heal> {
  const n = node(h, positional(args)[0], "node-down");
  const heal = async () => {
    await removeTable(h, n, ctx);
    for (const c of ["kubelet", "kube-proxy"]) h.signal(`${n.name}.${c}`, "SIGCONT");
  };
  for (const c of ["kubelet", "kube-proxy"]) h.signal(`${n.name}.${c}`, "SIGSTOP");
  await nft(h, n, dropTable([`iifname != "lo" oifname != "lo"`]), ctx);
  const start = Date.now();
  while ((await nodeReady(kubectl, n.name, ctx)) === "True") {
    if (Date.now() - start > NOT_READY_WAIT_MS || ctx.signal.aborted) {
      await heal();
      throw new Error(`node-down: ${n.name} still Ready after ${NOT_READY_WAIT_MS / 1000} s`);
    }
    await sleep(2000);
  }
  ctx.log(`local: node-down ${n.name}: NotReady after ${((Date.now() - start) / 1000).toFixed(0)} s`);
  return heal;
}

/** The node faults this module realises, by name. */
export const NODE_FAULTS: Record<
  string,
  (h: ClusterHandle, args: FaultArg[], ctx: TargetContext, kubectl: KubectlRun) => Promise<Heal>
> = {
  "kube-proxy-down": (h, args) => kubeProxyDown(h, args),
  partition: (h, args, ctx) => partition(h, args, ctx),
  "node-down": nodeDown,
};
