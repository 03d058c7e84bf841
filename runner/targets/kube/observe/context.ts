/** What the kube target's observers get: the cluster (in cluster names) and how to reach it. */
import type { Value } from "../../../../dsl/index.js";
import type { TargetContext } from "../../target.js";
import type { Kubectl } from "../kubectl.js";

export interface KubeProbeEnv {
  kubectl: Kubectl;
  /** A symbolic value (already in cluster names) resolved on the live API. */
  resolve(value: Value, ctx: TargetContext): Promise<string[]>;
  /**
   * The pod DNS probes without a source run in (`expect dns …` queries "from a plain pod in
   * default"): started once, in the cluster's name of the scenario's `default`, and kept.
   */
  probePod(ctx: TargetContext): Promise<{ namespace: string; name: string }>;
  /**
   * Whether kube-proxy on the client pod's node REJECTs `ip:port/protocol` because the Service has
   * no endpoints (a refused connection then is kube-proxy's, not a closed port's). Targets that can
   * read the nodes' rules give it; without it a refusal stays `refused`.
   */
  rejectedByProxy?: (
    client: { namespace: string; name: string },
    ip: string,
    port: number,
    protocol: string,
    ctx: TargetContext,
  ) => Promise<boolean>;
  /** Backends answer with their hostname (KubeTargetOptions.backendsAnswerHostname). */
  backendsAnswerHostname?: boolean;
}
