/** Steps other than `expect`, each handed to the target; faults are recorded so the case heals them. */
import type { Step, Value } from "../../dsl/index.js";
import { TargetError, type Target, type TargetContext } from "../targets/index.js";
import { flatStrings } from "../expectations/index.js";
import { manifestsOf } from "./manifests.js";

type ActionStep = Exclude<Step, { type: "expect" }>;

type PatchOps = Extract<ActionStep, { type: "patch" }>["ops"];

/** A compiled value the target must fill in (`ip(pod a/b)`, a name in parts), not a plain one. */
function isSymbolic(v: unknown): v is Value {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "kind" in v && "span" in v;
}

/**
 * `set PATH = ip(pod a/b)"/32"`: symbolic values are resolved by the target before the patch, so a
 * spec can put a pod's address into a manifest field; one address is a string, several a list.
 */
async function resolvedOps(ops: PatchOps, target: Target, ctx: TargetContext): Promise<PatchOps> {
  const resolve = async (v: unknown): Promise<unknown> => {
    if (Array.isArray(v)) return Promise.all(v.map(resolve));
    if (!isSymbolic(v)) return v;
    const got = await flatStrings(v, (x) => target.resolve(x, ctx));
    return got.length === 1 ? got[0] : got;
  };
  return Promise.all(
    ops.map(async (op) => (op.op === "set" ? { ...op, value: await resolve(op.value) } : op)),
  );
}

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
      return target.patch(step.target, await resolvedOps(step.ops, target, ctx), ctx);
    case "scale":
      return target.scale(step.target, step.replicas, ctx);
    case "fault": {
      const why = unrealised(step.name, target);
      if (why !== undefined) throw new TargetError(why, "unsupported");
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

/**
 * Why `target` cannot realise fault `name` (its own statement, Capabilities.faults), or undefined when
 * it can: the case is then skipped with this reason. `netspec check --target` and docs/faults.md's
 * table report the same reasons.
 */
export function unrealised(name: string, target: Pick<Target, "name" | "capabilities">): string | undefined {
  const caps = target.capabilities().faults[name];
  if (caps === true) return undefined;
  return typeof caps === "string" ? caps : `target ${target.name} cannot inject fault ${name}`;
}
