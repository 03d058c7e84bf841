/**
 * A scripted target for the runner's own tests: observations per probe kind (or per call), recorded
 * calls, and injectable failures (throw on a method, an unsupported fault, a hang).
 */
import type { Probe, Value } from "../../dsl/index.js";
import {
  declined,
  TargetError,
  type Capabilities,
  type Observation,
  type Observers,
  type ProbeKind,
  type Target,
} from "../../runner/index.js";

const PROBE_KINDS: Record<ProbeKind, true> = {
  dns: true,
  resolve: true,
  "resolv-conf": true,
  hosts: true,
  endpoints: true,
  connect: true,
  path: true,
  reach: true,
  object: true,
  coredns: true,
  apply: true,
};

export interface FakeScript {
  name?: string;
  params?: Record<string, string>;
  /** Observations by probe kind; an array is consumed one per probe (the last one repeats). */
  observations?: Partial<Record<Probe["kind"], Observation | Observation[]>>;
  /** Symbolic values: key = `fn(kind ns/name)` as printed by `valueKey`. */
  values?: Record<string, string[]>;
  capabilities?: Partial<Capabilities>;
  /** Probe kinds the fake declines, with the reason (every other kind answers from `observations`). */
  declines?: Partial<Record<ProbeKind, string>>;
  /** Method name → error to throw (or "hang" to never settle until aborted). */
  failures?: Partial<Record<FakeMethod, Error | "hang">>;
}

export type FakeMethod =
  | "prepare"
  | "reset"
  | "apply"
  | "delete"
  | "label"
  | "patch"
  | "scale"
  | "fault"
  | "heal"
  | "wait"
  | "probe"
  | "dispose";

export interface FakeCall {
  method: FakeMethod | "resolve";
  detail: string;
}

export interface FakeTarget extends Target {
  readonly calls: FakeCall[];
}

export function valueKey(v: Value): string {
  if (v.kind === "ref")
    return `${v.fn}(${v.target.kind} ${v.target.namespace ?? "default"}/${v.target.name})`;
  if (v.kind === "selection")
    return `${v.fn}(${v.namespace ?? "default"} where ${Object.entries(v.selector)
      .map(([k, x]) => `${k}=${x}`)
      .join(",")})`;
  return v.kind;
}

export function createFakeTarget(script: FakeScript = {}): FakeTarget {
  const calls: FakeCall[] = [];
  const served = new Map<string, number>();
  const step = async (method: FakeMethod, detail: string, signal?: AbortSignal): Promise<void> => {
    calls.push({ method, detail });
    const failure = script.failures?.[method];
    if (failure === "hang")
      await new Promise<never>((_, reject) =>
        signal?.addEventListener("abort", () => reject(new TargetError("aborted", "internal"))),
      );
    else if (failure) throw failure;
  };
  const scripted = async (probe: Probe, signal: AbortSignal): Promise<Observation> => {
    await step("probe", probe.kind, signal);
    const found = script.observations?.[probe.kind];
    if (!found) throw new TargetError(`fake target has no scripted ${probe.kind} observation`, "internal");
    if (!Array.isArray(found)) return found;
    const k = served.get(probe.kind) ?? 0;
    served.set(probe.kind, k + 1);
    return found[Math.min(k, found.length - 1)]!;
  };
  const observers = Object.fromEntries(
    (Object.keys(PROBE_KINDS) as ProbeKind[]).map((kind) => {
      const why = script.declines?.[kind];
      return [
        kind,
        why ? declined(why) : (p: Probe, ctx: { signal: AbortSignal }) => scripted(p, ctx.signal),
      ];
    }),
  ) as Observers;
  return {
    name: script.name ?? "fake",
    params: script.params ?? {},
    calls,
    capabilities: () => ({
      faults: script.capabilities?.faults ?? {},
      reasons: script.capabilities?.reasons ?? true,
      virtualTime: script.capabilities?.virtualTime ?? false,
    }),
    prepare: (s, ctx) => step("prepare", s.suite, ctx.signal),
    reset: (s, ctx) => step("reset", s.suite, ctx.signal),
    apply: (m, ctx) => step("apply", m.map((x) => x.path).join(","), ctx.signal),
    delete: (r, ctx) => step("delete", `${r.kind} ${r.namespace ?? "default"}/${r.name}`, ctx.signal),
    label: (r, c, ctx) => step("label", `${r.name} ${JSON.stringify(c.set)}`, ctx.signal),
    patch: (r, _o, ctx) => step("patch", r.name, ctx.signal),
    scale: (r, n, ctx) => step("scale", `${r.name} ${n}`, ctx.signal),
    fault: (n, _a, ctx) => step("fault", n, ctx.signal),
    heal: (n, ctx) => step("heal", n, ctx.signal),
    wait: (ms, ctx) => step("wait", String(ms), ctx.signal),
    dispose: (ctx) => step("dispose", "", ctx.signal),
    async resolve(value) {
      const key = valueKey(value);
      calls.push({ method: "resolve", detail: key });
      const found = script.values?.[key];
      if (!found) throw new TargetError(`fake target has no value for ${key}`, "user");
      return found;
    },
    observers,
  };
}
