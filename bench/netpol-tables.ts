/**
 * Policy truth tables: time and heap for growing pod, NetworkPolicy and AdminNetworkPolicy counts
 * (ANPs with distinct priorities, namespace subjects, a Pass, Allow or Deny rule on pod/namespace
 * peers and ports, plus a BaselineAdminNetworkPolicy when any ANP is present).
 */
import { createEngine } from "../engine/index.js";
import { headline } from "./headlines.js";
import { loadavg } from "node:os";
import { fmt, heapMiB, timed } from "./measure.js";

function adminPolicies(count: number, namespaces: number): string[] {
  const docs: string[] = [];
  const actions = ["Pass", "Allow", "Deny"];
  for (let k = 0; k < count; k++)
    docs.push(
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: anp${k} }\nspec:\n  priority: ${k}\n  subject: { namespaces: { matchLabels: { team: t${k % 4} } } }\n  ingress:\n  - action: ${actions[k % 3]}\n    from: [{ pods: { namespaceSelector: { matchLabels: { team: t${(k + 1) % 4} } }, podSelector: { matchLabels: { tier: t${k % 3} } } } }]\n    ports: [{ portNumber: { port: 80 } }, { portRange: { start: 8000, end: 9000 } }]\n  egress:\n  - action: ${actions[(k + 1) % 3]}\n    to: [{ namespaces: { matchLabels: { kubernetes.io/metadata.name: ns${k % namespaces} } } }]`,
    );
  if (count)
    docs.push(
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec:\n  subject: { namespaces: {} }\n  ingress: [{ action: Deny, from: [{ namespaces: { matchLabels: { team: t0 } } }] }]`,
    );
  return docs;
}

/** The bench's world: namespaces, pods serving http/80, NetworkPolicies, ANPs and the baseline. */
export function cluster(pods: number, policies: number, anps: number): string {
  const docs: string[] = [];
  const namespaces = Math.max(3, Math.round(Math.sqrt(pods / 10)));
  for (let n = 0; n < namespaces; n++)
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ns${n}, labels: { team: t${n % 4} } }`);
  for (let i = 0; i < pods; i++)
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: ns${i % namespaces}, labels: { app: a${i % 20}, tier: t${i % 3} } }\nspec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 80 }] }] }`,
    );
  for (let k = 0; k < policies; k++) {
    const ns = `ns${k % namespaces}`;
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: np${k}, namespace: ${ns} }\nspec:\n  podSelector: { matchLabels: { app: a${k % 20} } }\n  ingress:\n  - from:\n    - namespaceSelector: { matchLabels: { team: t${k % 4} } }\n      podSelector: { matchExpressions: [{ key: tier, operator: NotIn, values: [t${k % 3}] }] }\n    ports: [{ port: http }]`,
    );
  }
  docs.push(...adminPolicies(anps, namespaces));
  return docs.join("\n---\n");
}

/**
 * One table: time and heap to decide every cell (reach() and a verdict() read of each), then to
 * build the `allowed` matrix of arrays from it (what the runner and the JSON output read).
 */
function measureTable(pods: number, policies: number, anps: number): string {
  const engine = createEngine(
    { profile: "kubeadm", nodes: Math.max(3, pods / 100), podCidrs: ["10.0.0.0/8"], hostPrefix: 24 },
    { seed: 1 },
  );
  engine.apply([{ path: "netpol.yaml", text: cluster(pods, policies, anps), line: 1, column: 0 }]);
  const before = heapMiB();
  const { value, ms } = timed(() => {
    const table = engine.reach({ port: 80, protocol: "TCP", pods: [] });
    let allowed = 0;
    for (let i = 0; i < table.pods.length; i++)
      for (let j = 0; j < table.pods.length; j++) if (table.verdict(i, j)) allowed++;
    return { table, allowed };
  });
  const heap = heapMiB() - before;
  const { ms: matrixMs } = timed(() => value.table.allowed.length);
  const matrixHeap = heapMiB() - before;
  const n = value.table.pods.length;
  if (pods === 10_000 && policies === 1_000 && anps === 0)
    headline({
      figure: `NetworkPolicy truth table, ${pods.toLocaleString("en")} pods × ${policies.toLocaleString("en")} policies`,
      value: `${fmt(ms / 1000, 2)} s, heap ${fmt(heap)} MiB, load avg ${fmt(loadavg()[0]!, 1)}`,
      target: "< 10 s and < 1 GiB",
      met: ms < 10_000 && heap < 1024,
      section: "netpol",
    });
  return `| ${pods} | ${policies} | ${anps} | ${fmt(n * (n - 1), 0)} | ${fmt(value.allowed, 0)} | ${fmt(ms / 1000, 2)} | ${fmt(heap)} | ${fmt(matrixMs / 1000, 2)} | ${fmt(matrixHeap)} |`;
}

export async function netpolTables(): Promise<string[]> {
  const lines = [
    "| pods | policies | ANPs | pairs | allowed | table s | heap MiB | matrix s | with matrix MiB |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [pods, policies, anps] of [
    [100, 50, 0],
    [1_000, 500, 0],
    [1_000, 500, 50],
    [3_000, 500, 0],
    [10_000, 1_000, 0],
    [10_000, 1_000, 100],
  ] as const)
    lines.push(measureTable(pods, policies, anps));
  return lines;
}
