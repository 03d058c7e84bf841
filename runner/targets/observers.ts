/**
 * Dispatch over a target's observer table (target.ts `Observers`): the one place a probe meets the
 * observer for its kind, so no target switches over probe kinds itself.
 */
import type { Probe } from "../../dsl/index.js";
import type { Observation } from "../observation.js";
import {
  TargetError,
  type Declined,
  type Observer,
  type Observers,
  type ProbeKind,
  type Target,
  type TargetContext,
} from "./target.js";

/** An explicit refusal: the probe kind is skipped on this target with `reason`. */
export function declined(reason: string): Declined {
  return { declined: reason };
}

function isDeclined(entry: Observers[ProbeKind]): entry is Declined {
  return typeof entry === "object" && "declined" in entry;
}

/** Why `target` cannot observe probes of `kind`, or undefined when it can. */
export function declinedReason(target: Pick<Target, "observers">, kind: ProbeKind): string | undefined {
  const entry = target.observers[kind];
  return isDeclined(entry) ? entry.declined : undefined;
}

/** Observes `probe` with the target's observer for its kind; a declined kind is `unsupported`. */
export function observe(
  target: Pick<Target, "observers">,
  probe: Probe,
  ctx: TargetContext,
): Promise<Observation> {
  const entry = target.observers[probe.kind];
  if (isDeclined(entry)) return Promise.reject(new TargetError(entry.declined, "unsupported"));
  // The table pairs each kind with its own observer; TypeScript cannot follow that through the union.
  return (entry as Observer<typeof probe.kind>)(probe as never, ctx);
}

/**
 * Wraps every observer of a table (e.g. to rename namespaces on the way out, or to print instead of
 * run on --dry-run); declined entries stay declined.
 */
export function mapObservers(
  table: Observers,
  wrap: (
    kind: ProbeKind,
    observer: (probe: Probe, ctx: TargetContext) => Promise<Observation>,
  ) => (probe: Probe, ctx: TargetContext) => Promise<Observation>,
): Observers {
  const out: Record<string, unknown> = {};
  for (const [kind, entry] of Object.entries(table) as [ProbeKind, Observers[ProbeKind]][])
    out[kind] = isDeclined(entry) ? entry : wrap(kind, entry as never);
  return out as Observers;
}
