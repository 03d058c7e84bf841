/**
 * Target factory for the CLI: `reference` is the in-process engine; real targets come later and are
 * refused with a clear message until then.
 */
import { createReferenceTarget } from "./reference.js";
import type { Target } from "./target.js";

export {
  TargetError,
  type Capabilities,
  type SuiteSetup,
  type Target,
  type TargetContext,
} from "./target.js";
export { createFakeTarget, valueKey, type FakeScript, type FakeTarget, type FakeCall } from "./fake.js";

/** A target spec the CLI cannot honour (unknown or not yet available): a usage error. */
export class UnknownTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownTargetError";
  }
}

export interface TargetOptions {
  /** Reserved for real targets (kubeconfig, image, ...). */
  extra?: Record<string, string>;
}

export const knownTargets = ["reference", "kind", "cluster:<context>", "local"] as const;

export function createTarget(spec: string, _options: TargetOptions = {}): Target {
  if (spec === "reference") return createReferenceTarget();
  if (spec === "kind" || spec === "local" || spec.startsWith("cluster:"))
    throw new UnknownTargetError(`target ${spec} is not available yet`);
  throw new UnknownTargetError(`unknown target "${spec}" (known: ${knownTargets.join(", ")})`);
}
