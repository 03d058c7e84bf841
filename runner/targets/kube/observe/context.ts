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
  /** Backends answer with their hostname (KubeTargetOptions.backendsAnswerHostname). */
  backendsAnswerHostname?: boolean;
}
