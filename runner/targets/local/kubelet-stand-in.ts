/**
 * The local target's kubelet, scheduler and CNI in one: it writes into the real API server what those
 * components would, taking every decision from the reference engine's node side (KubeletView) so the
 * two targets differ only where the API server, its controllers or CoreDNS differ:
 * - nodes with their pod CIDRs, addresses and a Ready condition;
 * - a binding for each pod the scheduler would place (pods the reference leaves Pending stay so);
 * - pod status: phase, podIP(s), hostIP(s) and conditions (a pinned `status.podIP` or Ready=False
 *   in a manifest reaches the API server this way, as a kubelet would report it);
 * - the final removal of gracefully deleted pods once the reference no longer has them.
 * Pods the reference does not know by name (controller-made names with random suffixes) get the next
 * free address of their node's pod CIDR and Ready=True, as a fresh pod on a healthy node would.
 */
import type { KubeletPod, KubeletView } from "../reference/index.js";
import type { Api } from "./api.js";
import { ApiError } from "./api.js";

interface RealPod {
  metadata: { name: string; namespace: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec: { nodeName?: string; hostNetwork?: boolean };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}

export interface StandInScope {
  /** Real namespaces whose pods the stand-in looks after. */
  namespaces(): string[];
  /** Scenario namespace of a real one. */
  back(namespace: string): string;
}

export class KubeletStandIn {
  private readonly nodesMade = new Set<string>();

  constructor(
    private readonly api: Api,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Nodes exactly as the reference has them (removing ones an earlier suite needed). */
  async syncNodes(view: KubeletView): Promise<void> {
    const want = new Set(view.nodes.map((n) => n.name));
    for (const name of this.nodesMade)
      if (!want.has(name)) {
        await this.api.delete(`/api/v1/nodes/${name}`);
        this.nodesMade.delete(name);
      }
    for (const n of view.nodes) {
      const body = {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: n.name, labels: { "kubernetes.io/hostname": n.name, ...n.labels } },
        spec: n.podCIDRs.length ? { podCIDR: n.podCIDRs[0], podCIDRs: n.podCIDRs } : {},
      };
      try {
        await this.api.post("/api/v1/nodes", body);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409)) throw e;
        await this.api.mergePatch(`/api/v1/nodes/${n.name}`, { metadata: body.metadata });
      }
      this.nodesMade.add(n.name);
      const now = new Date().toISOString();
      await this.api.mergePatch(`/api/v1/nodes/${n.name}/status`, {
        status: {
          addresses: n.addresses,
          conditions: [
            {
              type: "Ready",
              status: n.ready ? "True" : "False",
              reason: n.ready ? "KubeletReady" : "KubeletNotReady",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
          allocatable: { cpu: "8", memory: "16Gi", pods: "110" },
          capacity: { cpu: "8", memory: "16Gi", pods: "110" },
        },
      });
    }
  }

  /** One pass over the pods in scope; returns how many writes it made (0 = nothing to do). */
  async syncPods(view: KubeletView, scope: StandInScope): Promise<number> {
    let writes = 0;
    const used = new Set<string>();
    for (const p of view.pods.values()) p.podIPs.forEach((ip) => used.add(ip));
    const real: RealPod[] = [];
    for (const ns of scope.namespaces())
      real.push(...(await this.api.get<{ items: RealPod[] }>(`/api/v1/namespaces/${ns}/pods`)).items);
    for (const r of real) if (r.status?.podIP) used.add(r.status.podIP);
    for (const r of real) {
      const path = `/api/v1/namespaces/${r.metadata.namespace}/pods/${r.metadata.name}`;
      const shadow = view.pods.get(`${scope.back(r.metadata.namespace)}/${r.metadata.name}`);
      if (r.metadata.deletionTimestamp) {
        if (!shadow || !shadow.terminating) {
          // The kubelet confirms the container stopped: the pod object goes away.
          await this.api.delete(path, true);
          writes++;
        }
        continue;
      }
      const want = shadow ?? this.fresh(r, view, used);
      if (!want?.nodeName) continue;
      if (!r.spec.nodeName) {
        await this.api.post(`/api/v1/namespaces/${r.metadata.namespace}/bindings`, {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name: r.metadata.name, namespace: r.metadata.namespace },
          target: { apiVersion: "v1", kind: "Node", name: want.nodeName },
        });
        writes++;
      }
      if (sameStatus(r, want)) continue;
      await this.api.mergePatch(`${path}/status`, { status: statusOf(want) });
      writes++;
    }
    if (writes) this.log(`local: kubelet stand-in wrote ${writes} pod change(s)`);
    return writes;
  }

  /** A pod the reference does not know: the next free address on the emptiest ready node. */
  private fresh(r: RealPod, view: KubeletView, used: Set<string>): KubeletPod | undefined {
    const ready = view.nodes.filter((n) => n.ready);
    if (!ready.length) return undefined;
    const node =
      ready.find((n) => n.name === r.spec.nodeName) ??
      ready[[...r.metadata.name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % ready.length]!;
    const hostIP = node.addresses.find((a) => a.type === "InternalIP")?.address;
    const ip = r.spec.hostNetwork ? hostIP : nextFree(node.podCIDRs[0], used);
    if (!ip) return undefined;
    used.add(ip);
    return {
      namespace: r.metadata.namespace,
      name: r.metadata.name,
      nodeName: node.name,
      hostIP,
      podIPs: [ip],
      phase: "Running",
      terminating: false,
      conditions: ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({
        type,
        status: "True",
      })),
    };
  }
}

function sameStatus(r: RealPod, want: KubeletPod): boolean {
  const ready = (c?: { type: string; status: string }[]) => c?.find((x) => x.type === "Ready")?.status;
  return (
    r.status?.phase === want.phase &&
    (r.status?.podIP ?? "") === (want.podIPs[0] ?? "") &&
    ready(r.status?.conditions) === ready(want.conditions)
  );
}

function statusOf(p: KubeletPod): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    phase: p.phase,
    ...(p.podIPs.length ? { podIP: p.podIPs[0], podIPs: p.podIPs.map((ip) => ({ ip })) } : {}),
    ...(p.hostIP ? { hostIP: p.hostIP, hostIPs: [{ ip: p.hostIP }] } : {}),
    startTime: now,
    conditions: p.conditions.map((c) => ({ type: c.type, status: c.status, lastTransitionTime: now })),
  };
}

/** The lowest IPv4 address in `cidr` after the network and gateway (.0, .1) nobody uses. */
function nextFree(cidr: string | undefined, used: Set<string>): string | undefined {
  const m = cidr ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr) : null;
  if (!m) return undefined;
  const base = ((+m[1]! << 24) | (+m[2]! << 16) | (+m[3]! << 8) | +m[4]!) >>> 0;
  const size = 2 ** (32 - +m[5]!);
  for (let i = 2; i < size - 1; i++) {
    const n = base + i;
    const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
