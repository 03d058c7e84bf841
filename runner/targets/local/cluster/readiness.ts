/**
 * The local cluster's waits and its first and last API writes: nodes Ready (each node's
 * spec.podCIDR then set to the subnet its CNI configuration uses, as kcm's node IPAM would), the
 * CoreDNS addon created and Ready, and — on stop — every pod deleted while the kubelets still run, so
 * they tear down sandboxes and CNI attachments themselves (real-cluster-notes.md's cleanup order).
 * A wait that fails names the component and carries its log's tail.
 */
import { execa } from "execa";
import { Api } from "../api.js";
import type { Processes } from "../processes.js";
import { until } from "../processes.js";
import { ClusterStartError, type ClusterHandle } from "./handle.js";
import { collectionPath, corednsAddon, kubeadmCorefile } from "./coredns-addon.js";
import { mcsApiObjects, usesMulticluster } from "./mcs-api.js";
import { runtimePaths } from "./runtime-config.js";
import type { ClusterPlan } from "./spec.js";

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Named {
  metadata: { name: string; namespace?: string };
  spec?: { nodeName?: string; podCIDR?: string };
  status?: {
    conditions?: Condition[];
    readyReplicas?: number;
    containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[];
    phase?: string;
  };
}

const api = (h: ClusterHandle) => new Api(h.server, h.token);
const ready = (o: Named) => o.status?.conditions?.find((c) => c.type === "Ready");

async function waitOr(
  what: string,
  timeoutMs: number,
  cond: () => Promise<boolean>,
  processes: Processes,
  components: string[],
  explain: () => Promise<string>,
  signal?: AbortSignal,
) {
  try {
    await until(what, cond, {
      timeoutMs,
      signal,
      check: () => components.forEach((c) => processes.check(c)),
    });
  } catch (e) {
    const died = /^([\w.-]+) exited with/.exec((e as Error).message)?.[1];
    const culprit = died ?? components[0]!;
    const why = died
      ? (e as Error).message.split("\n")[0]!
      : `${(e as Error).message}; ${await explain().catch(() => "")}`;
    throw new ClusterStartError(culprit, why, processes.tail(culprit, 20));
  }
}

/** Every node registered and Ready. */
export async function waitNodesReady(
  h: ClusterHandle,
  plan: ClusterPlan,
  processes: Processes,
): Promise<void> {
  const a = api(h);
  const notReady = async () => {
    const nodes = (await a.get<{ items: Named[] }>("/api/v1/nodes")).items;
    return plan.nodes.filter(
      (n) => ready(nodes.find((x) => x.metadata.name === n.name) ?? { metadata: n })?.status !== "True",
    );
  };
  try {
    for (const n of plan.nodes)
      await waitOr(
        `node ${n.name} Ready`,
        120_000,
        async () => !(await notReady()).some((x) => x.name === n.name),
        processes,
        [`${n.name}.kubelet`, `${n.name}.containerd`, `${n.name}.kube-proxy`],
        async () => {
          const node = (await a.get<{ items: Named[] }>("/api/v1/nodes")).items.find(
            (x) => x.metadata.name === n.name,
          );
          const c = node && ready(node);
          return node
            ? `Ready=${c?.status ?? "?"} ${c?.reason ?? ""}: ${c?.message ?? ""}`
            : "the node never registered";
        },
        plan.spec.signal,
      );
  } finally {
    a.close();
  }
}

/** Set each node's spec.podCIDR to its CNI subnet (settable once, while empty). */
export async function patchPodCidrs(h: ClusterHandle, plan: ClusterPlan): Promise<void> {
  const a = api(h);
  try {
    for (const n of plan.nodes) {
      const node = await a.get<Named>(`/api/v1/nodes/${n.name}`);
      if (!node.spec?.podCIDR)
        await a.mergePatch(`/api/v1/nodes/${n.name}`, {
          spec: { podCIDR: n.podCidr, podCIDRs: [n.podCidr] },
        });
    }
  } finally {
    a.close();
  }
}

/** Create the CoreDNS addon objects (kubeadm's, coredns-addon.ts). */
export async function addCoredns(h: ClusterHandle, plan: ClusterPlan): Promise<void> {
  const a = api(h);
  try {
    const corefile = plan.spec.corefile ?? kubeadmCorefile(plan.spec.clusterDomain);
    const mcs = usesMulticluster(corefile) ? mcsApiObjects() : [];
    for (const o of [...mcs, ...corednsAddon({ dnsServiceIp: plan.spec.dnsServiceIp, corefile })])
      await a.post(collectionPath(o), o);
  } finally {
    a.close();
  }
}

/** The CoreDNS Deployment has every replica Ready. */
export async function waitCoredns(h: ClusterHandle, plan: ClusterPlan, processes: Processes): Promise<void> {
  const a = api(h);
  const pods = async () =>
    (await a.get<{ items: Named[] }>("/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns"))
      .items;
  try {
    await waitOr(
      "CoreDNS Ready",
      120_000,
      async () => {
        const d = await a.get<Named & { spec: { replicas: number } }>(
          "/apis/apps/v1/namespaces/kube-system/deployments/coredns",
        );
        return (d.status?.readyReplicas ?? 0) >= d.spec.replicas;
      },
      processes,
      ["kube-scheduler", "kube-controller-manager", ...plan.nodes.map((n) => `${n.name}.containerd`)],
      async () =>
        (await pods())
          .map((p) => {
            const w = p.status?.containerStatuses?.[0]?.state?.waiting;
            // Running but not Ready: kubelet's readiness probe (GET :8181/ready) fails.
            const probe =
              p.status?.phase === "Running" && ready(p)?.status !== "True"
                ? `not Ready (its readiness probe GET :8181/ready fails${/^\s*ready\b/m.test(plan.spec.corefile ?? "") ? "" : "; the Corefile has no ready plugin"})`
                : "";
            return `${p.metadata.name} on ${p.spec?.nodeName ?? "(unscheduled)"}: ${p.status?.phase ?? "?"} ${w ? `${w.reason}: ${w.message ?? ""}` : probe}`;
          })
          .join("; ") || "no CoreDNS pod was created",
      plan.spec.signal,
    ).catch(async (e: ClusterStartError) => {
      // Name the node whose containerd holds the failing pod: its log says why (pull, sandbox, runc).
      const p = (await pods().catch(() => [])).find((x) => ready(x)?.status !== "True" && x.spec?.nodeName);
      const comp = p ? `${p.spec!.nodeName}.containerd` : e.component;
      throw new ClusterStartError(
        `CoreDNS (${comp})`,
        e.message.replace(/^local cluster: .*? did not come up: /, "").split("\n---")[0]!,
        processes.tail(comp, 20),
      );
    });
  } finally {
    a.close();
  }
}

/**
 * Before teardown: stop the controllers (nothing re-creates pods), delete every pod, and give the
 * kubelets up to 20 s to stop their containers and sandboxes.
 */
export async function drainPods(h: ClusterHandle, plan: ClusterPlan, processes: Processes): Promise<void> {
  if (!h.server || !processes.isRunning("kube-apiserver")) return;
  await processes.stop("kube-scheduler");
  await processes.stop("kube-controller-manager");
  const a = api(h);
  try {
    const ns = (await a.get<{ items: Named[] }>("/api/v1/namespaces")).items.map((n) => n.metadata.name);
    // A collection delete with grace 0: the objects go at once, the kubelets then kill what runs.
    for (const n of ns) await a.delete(`/api/v1/namespaces/${n}/pods`, true);
    const running = async () => {
      let total = 0;
      for (const n of plan.nodes) {
        if (!processes.isRunning(`${n.name}.containerd`)) continue;
        const ls = await execa(
          plan.spec.binaries.ctr!,
          ["--address", runtimePaths(n).socket, "-n", "k8s.io", "tasks", "ls", "-q"],
          { reject: false },
        );
        total += String(ls.stdout).split("\n").filter(Boolean).length;
      }
      return total === 0;
    };
    await until("pods to stop", running, { timeoutMs: 20_000 }).catch(() => undefined);
  } finally {
    a.close();
  }
}
