/**
 * Faults on the local cluster, realised for real where the cluster allows it: the CoreDNS faults as on
 * kind (kubectl: scale, patch — kube/real-faults.ts), and the upstream faults through the upstream
 * world's behaviour (unreachable: no reply; slow: each reply late; SERVFAIL), and the node faults on
 * the nodes' own processes and namespaces (node-faults.ts). Every other fault is
 * reported unsupported with the reason, so the case is skipped rather than passing.
 */
import type { FaultArg } from "../../../dsl/index.js";
import { REAL_FAULTS, type Kubectl } from "../kube/index.js";
import { TargetError, type Capabilities, type Evidence, type TargetContext } from "../target.js";
import type { LocalCluster } from "./local-clusters.js";
import { NODE_FAULTS } from "./node-faults.js";
import type { UpstreamWorlds } from "./upstream.js";

type Heal = () => Promise<void>;

const UPSTREAM: Record<string, (args: FaultArg[]) => NonNullable<Parameters<UpstreamWorlds["behave"]>[1]>> = {
  "upstream-unreachable": () => ({ mode: "drop" }),
  "upstream-servfail": () => ({ mode: "servfail" }),
  "upstream-slow": (args) => {
    const v = args.find((a) => a.key === "delay" || a.key === undefined)?.value ?? "2s";
    const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(v);
    return { mode: "delay", delayMs: m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : 2000 };
  },
};

/**
 * Why the local cluster does not realise the rest of the catalog's faults (engine/faults/catalog.ts):
 * supported() gives these reasons, the runner skips such a case with its reason, and docs/faults.md's
 * table shows it (faults.test.ts: every fault is realised or has a reason here, never both).
 */
export const LOCAL_UNREALISED: Record<string, string> = {
  "dns-loop":
    "not realised yet (it needs a Corefile forwarding to CoreDNS itself through the nodes' resolv.conf)",
  "apiserver-down": "every probe runs through kubectl exec, which needs the API server",
  "dns-operator-down": "the local cluster runs no OpenShift DNS operator",
  "dns-packet-loss": "the kernel has no netem, and a random nftables drop would not follow the run's seed",
  "cni-missing": "not realised yet (it needs the nodes' CNI configuration removed under a running kubelet)",
  "pod-not-ready":
    "a real kubelet re-asserts a pod's Ready condition from its probes, so a patched status does not hold",
  "ipam-exhausted": "not realised yet (it needs the node's host-local range filled)",
};

export class LocalFaults {
  private readonly healers = new Map<string, Heal>();

  constructor(
    private readonly kubectl: Kubectl,
    private readonly cluster: () => LocalCluster,
    private readonly upstream: UpstreamWorlds,
  ) {}

  supported(): Capabilities["faults"] {
    const out: Capabilities["faults"] = { ...LOCAL_UNREALISED };
    for (const f of [...Object.keys(REAL_FAULTS), ...Object.keys(UPSTREAM), ...Object.keys(NODE_FAULTS)])
      out[f] = true;
    return out;
  }

  async inject(name: string, args: FaultArg[], ctx: TargetContext): Promise<void> {
    const kube = REAL_FAULTS[name];
    if (kube) {
      const sh = (argv: string[], input?: string) => this.kubectl.run(argv, ctx, { input });
      this.healers.set(name, await kube(sh, args));
      return;
    }
    const onNodes = NODE_FAULTS[name];
    if (onNodes) {
      const kubectl = async (argv: string[], c: TargetContext) => (await this.kubectl.run(argv, c)).stdout;
      this.healers.set(name, await onNodes(this.cluster().handle, args, ctx, kubectl));
      return;
    }
    const up = UPSTREAM[name];
    if (!up)
      throw new TargetError(
        `fault ${name} is not realised on the local target yet (see docs/faults.md)`,
        "unsupported",
      );
    const cluster = this.cluster();
    this.upstream.behave(cluster, up(args));
    this.healers.set(name, async () => this.upstream.behave(cluster, undefined));
  }

  async heal(name: string, _ctx: TargetContext): Promise<void> {
    const h = this.healers.get(name);
    this.healers.delete(name);
    await h?.();
  }

  async healAll(ctx: TargetContext): Promise<void> {
    for (const name of [...this.healers.keys()].reverse()) await this.heal(name, ctx);
  }

  /** The nodes' kube-proxy rules: what decided where a packet went. */
  async evidence(ctx: TargetContext): Promise<Evidence[]> {
    const out: Evidence[] = [];
    for (const n of this.cluster().handle.nodes) {
      const r = await this.cluster().handle.exec(n.name, ["nft", "list", "ruleset"], { signal: ctx.signal });
      const text = (r.code === 0 ? r.stdout : r.stderr).split("\n").slice(0, 400).join("\n");
      out.push({ title: `nft ruleset of node ${n.name} (kube-proxy's rules)`, text: text || "(empty)" });
    }
    return out;
  }
}
