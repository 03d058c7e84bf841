/**
 * The Target contract: everything the runner needs from an implementation under test. The reference
 * engine, kind, an existing cluster and the local control plane all implement it; a scripted fake
 * implements it for the runner's own tests.
 *
 * Lifecycle per case: prepare(suite) once per suite (may be shared), then for each case: reset(),
 * steps (apply/delete/mutate/fault/heal/wait/probe, with resolve() for symbolic values), and at the
 * end of the run dispose(). A method that cannot do what is asked throws TargetError (`unsupported`
 * makes the case skipped with the reason; anything else makes it errored).
 */
import type {
  ClusterSettings,
  FaultArg,
  ManifestText,
  ObjectRef,
  PatchOp,
  PlanCase,
  Probe,
  Span,
  UpstreamRecord,
  Value,
} from "../../dsl/index.js";
import type {
  AddressOwner,
  ApplyObs,
  ConnectObs,
  CorednsObs,
  DnsObs,
  EndpointsObs,
  HostsObs,
  ObjectObs,
  Observation,
  ReachObs,
  ResolvConfObs,
  ResolveObs,
} from "../observation.js";

export interface TargetContext {
  /** The run's seed: every random choice a target makes derives from it. */
  seed: number;
  /** Where a target may keep logs and scratch files for this run. */
  workDir: string;
  /** Aborted on Ctrl-C or --bail: long operations should stop promptly. */
  signal: AbortSignal;
  /** Progress and subprocess lines for the console (verbose mode). */
  log: (line: string) => void;
}

export interface SuiteSetup {
  file: string;
  suite: string;
  cluster: ClusterSettings;
  upstream: UpstreamRecord[];
}

/** Every probe kind the language has (`expect <kind> ...`). */
export type ProbeKind = Probe["kind"];

/** The probe of one kind. */
export type ProbeOf<K extends ProbeKind> = Extract<Probe, { kind: K }>;

/**
 * The observation each probe kind yields. Keyed by every probe kind: a new kind in the Plan is a
 * compile error here until its observation shape is named.
 */
export interface ObservationByProbe extends Record<ProbeKind, Observation> {
  dns: DnsObs;
  resolve: ResolveObs;
  "resolv-conf": ResolvConfObs;
  hosts: HostsObs;
  endpoints: EndpointsObs;
  connect: ConnectObs;
  path: ConnectObs;
  reach: ReachObs;
  object: ObjectObs;
  coredns: CorednsObs;
  apply: ApplyObs;
}

/** Observes one probe kind on one target. */
export type Observer<K extends ProbeKind> = (
  probe: ProbeOf<K>,
  ctx: TargetContext,
) => Promise<ObservationByProbe[K]>;

/** A probe kind a target explicitly does not observe, with the reason reports show for the skip. */
export interface Declined {
  declined: string;
}

/**
 * One observer (or an explicit refusal) per probe kind. The mapped type makes the table total: a
 * probe kind added to the language is a compile error in every target until it handles or declines it
 * (test/architecture/observer-tables.test.ts shows that error).
 */
export type Observers = { [K in ProbeKind]: Observer<K> | Declined };

/** What a target can do besides observing; probe support is read from its observer table. */
export interface Capabilities {
  faults: Record<string, true | string>;
  /** Observations carry the engine's reasons (`because "..."` can be judged): the reference only. */
  reasons?: boolean;
  /**
   * Time is virtual (`wait` advances a model clock instantly): the reference. Polls then step the
   * clock exactly instead of sleeping, and `--retries` does not apply (the same seed gives the same
   * result every time).
   */
  virtualTime?: boolean;
}

/** One piece of what a person would look at after a failure (`kubectl get events`, a log, rules). */
export interface Evidence {
  title: string;
  text: string;
}

export interface Target {
  /** `reference`, `kind`, `cluster:ctx`, `local`. */
  readonly name: string;
  /** Parameters matched by known-divergence annotations, e.g. `{ cni: "cilium", coredns: "1.11.1" }`. */
  readonly params: Record<string, string>;
  capabilities(): Capabilities;
  prepare(setup: SuiteSetup, ctx: TargetContext): Promise<void>;
  /** Forget everything the previous case did (fresh cluster state for the reference target). */
  reset(setup: SuiteSetup, ctx: TargetContext): Promise<void>;
  apply(manifests: ManifestText[], ctx: TargetContext): Promise<void>;
  delete(ref: ObjectRef, ctx: TargetContext): Promise<void>;
  label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    ctx: TargetContext,
  ): Promise<void>;
  patch(ref: ObjectRef, ops: PatchOp[], ctx: TargetContext): Promise<void>;
  scale(ref: ObjectRef, replicas: number, ctx: TargetContext): Promise<void>;
  fault(name: string, args: FaultArg[], ctx: TargetContext): Promise<void>;
  heal(name: string, ctx: TargetContext): Promise<void>;
  wait(ms: number, ctx: TargetContext): Promise<void>;
  /** Resolve a symbolic value (`ip(pod x/a)`) to concrete strings. */
  resolve(value: Value, ctx: TargetContext): Promise<string[]>;
  /** How each probe kind is observed here (runner/targets/observers.ts dispatches). */
  readonly observers: Observers;
  dispose(ctx: TargetContext): Promise<void>;
  /**
   * Real targets: what to look at after the current case failed or errored (events, pod status,
   * CoreDNS's log since `since`, the nodes' kube-proxy rules when a connection failed…), collected
   * before the case is cleaned up. `failed`: the probe kind of the expectation that failed, if any.
   */
  evidence?(since: Date, ctx: TargetContext, failed?: ProbeKind): Promise<Evidence[]>;
  /**
   * Who owns which address in the current case, in scenario names (runner/parity/owners.ts names
   * them): its pods and Services. Asked when a run compares several targets, right after the case's
   * steps, so the parity table can compare owners instead of addresses.
   */
  addresses?(ctx: TargetContext): Promise<AddressOwner[]>;
  /**
   * Real targets (`--parallel` there): another handle on the cluster prepared for the current suite,
   * with case state of its own (namespaces, snapshots, heals), so cases in separate namespaces run at
   * once. Its dispose() deletes what its last case left, never the cluster. Undefined or absent: one
   * case at a time.
   */
  lane?(): Target | undefined;
  /**
   * With lane(): what a case shares with the others on this cluster. `all`: it runs alone (faults,
   * system or cluster-scoped objects, pinned addresses); otherwise shared things it uses
   * (`namespace default`), never used by two running cases at once.
   */
  claims?(c: PlanCase): "all" | string[];
}

/**
 * A target failure with a user-facing message: the one error type of run time, as the parser's and
 * checker's diagnostics are of load time. `unsupported` means "this target cannot do that" (the case
 * is skipped with the message); `user` means the spec or a manifest is wrong (errored, printed without
 * a stack trace, framed at `location` when known); `internal` is a bug or an environment failure.
 * `code` is stable, like a diagnostic's (`target/unsupported`, `manifest/invalid`, `run/timeout`…).
 */
export class TargetError extends Error {
  readonly code: string;

  constructor(
    message: string,
    readonly kind: "unsupported" | "user" | "internal",
    readonly location?: { file: string; line: number; column?: number },
    readonly detail?: string,
    code?: string,
  ) {
    super(message);
    this.name = "TargetError";
    this.code = code ?? `target/${kind}`;
  }

  /** Where the problem is, as a span a code frame can point at. */
  span(): Span | undefined {
    const l = this.location;
    if (!l) return undefined;
    const column = l.column ?? 1;
    return {
      file: l.file,
      line: l.line,
      column,
      offset: 0,
      endLine: l.line,
      endColumn: column + 1,
      endOffset: 0,
    };
  }
}
