/** Steps other than `expect`, each handed to the target; faults are recorded so the case heals them. */
import type { Step } from "../../dsl/index.js";
import { TargetError, type Target, type TargetContext } from "../targets/index.js";
import { manifestsOf } from "./manifests.js";

type ActionStep = Exclude<Step, { type: "expect" }>;

/** Runs one step; `faults` is the case's stack of active faults (newest last). */
export async function runAction(
  step: ActionStep,
  target: Target,
  ctx: TargetContext,
  faults: string[],
): Promise<void> {
  switch (step.type) {
    case "apply":
      return target.apply(manifestsOf(step.source), ctx);
    case "delete":
      return target.delete(step.target, ctx);
    case "label":
    case "annotate": {
      const podTemplate = step.podTemplate ?? false;
      const change = { annotate: step.type === "annotate", podTemplate, set: step.set, remove: step.remove };
      return target.label(step.target, change, ctx);
    }
    case "patch":
      return target.patch(step.target, step.ops, ctx);
    case "scale":
      return target.scale(step.target, step.replicas, ctx);
    case "fault": {
      const caps = target.capabilities().faults[step.name];
      if (caps !== true)
        throw new TargetError(
          typeof caps === "string" ? caps : `target ${target.name} cannot inject fault ${step.name}`,
          "unsupported",
        );
      // `file=PATH` arguments (corefile-edit) arrive read by the loader, as `text=`.
      await target.fault(step.name, step.args, ctx);
      faults.push(step.name);
      return;
    }
    case "heal": {
      await target.heal(step.name, ctx);
      const k = faults.lastIndexOf(step.name);
      if (k >= 0) faults.splice(k, 1);
      return;
    }
    case "wait":
      return target.wait(step.ms, ctx);
  }
}
