/**
 * The pod `expect dns` queries from when the spec names no source (the reference: "a plain pod in
 * `default`"): one per cluster and namespace, started on first use with the probe image (dig and
 * agnhost), kept for later probes instead of a `kubectl run --rm` per query, and deleted at the end.
 */
import { TargetError, type TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";
import { waitForPods } from "./wait-pods.js";
import { InFlight } from "../in-flight.js";

export const PROBE_POD = "netspec-probe";

/**
 * A probe pod's manifest: one container `probe` of `image` idling in `agnhost pause` (probes come in
 * by exec), managed by netspec, deleted without a grace period; `spec` adds placement (the local
 * target's node probes: nodeName, hostNetwork, dnsPolicy, tolerations).
 */
export function pauseProbePod(
  name: string,
  namespace: string,
  image: string,
  spec: Record<string, unknown> = {},
) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { "app.kubernetes.io/managed-by": "netspec" } },
    spec: {
      ...spec,
      terminationGracePeriodSeconds: 0,
      containers: [{ name: "probe", image, command: ["/agnhost", "pause"] }],
    },
  };
}

export class ProbePods {
  private readonly started = new Map<string, { kubectl: Kubectl; namespace: string }>();

  constructor(private readonly image: string) {}

  /** Starts in flight, so cases running at once start one probe pod, not one each. */
  private readonly starting = new InFlight();

  /** The probe pod in `namespace` of the cluster `kubectl` points at (started when missing). */
  async ensure(
    kubectl: Kubectl,
    namespace: string,
    ctx: TargetContext,
  ): Promise<{ namespace: string; name: string }> {
    const key = `${kubectl.kubeconfig}|${kubectl.context}|${namespace}`;
    if (!this.started.has(key)) {
      await this.starting.run(key, () => this.start(kubectl, namespace, ctx));
      this.started.set(key, { kubectl, namespace });
    }
    return { namespace, name: PROBE_POD };
  }

  private async start(kubectl: Kubectl, namespace: string, ctx: TargetContext): Promise<void> {
    await kubectl.apply(JSON.stringify(pauseProbePod(PROBE_POD, namespace, this.image)), ctx);
    // The probe pod only: another case's pods in the same namespace may never start, by design.
    await waitForPods(kubectl, [{ namespace, pod: PROBE_POD }], ctx).catch((e: Error) => {
      throw new TargetError(`the DNS probe pod did not start: ${e.message}`, "internal");
    });
  }

  /** Forgets probe pods of namespaces the run deleted. */
  forget(namespaces: string[]): void {
    for (const [k, v] of this.started) if (namespaces.includes(v.namespace)) this.started.delete(k);
  }

  async deleteAll(ctx: TargetContext): Promise<void> {
    for (const { kubectl, namespace } of this.started.values())
      await kubectl
        .run(
          [
            "kubectl",
            "delete",
            "pod",
            PROBE_POD,
            "-n",
            namespace,
            "--grace-period=0",
            "--force",
            "--ignore-not-found",
          ],
          ctx,
        )
        .catch(() => undefined);
    this.started.clear();
  }
}
