/**
 * One `expect` step: pick the matchers for this target (known divergences, reasons it cannot report),
 * skip what it cannot observe, observe, and judge every matcher.
 */
import type { ClusterSettings, ExpectStep, Matcher, Probe, Span, Value } from "../../dsl/index.js";
import { evaluateMatcher, flatStrings, judgeReach, type Verdict } from "../expectations/index.js";
import type { DnsObs } from "../observation.js";
import type { StepRecord } from "../result.js";
import type { Failure } from "./failure.js";
import { declinedReason, observe, TargetError, type Target, type TargetContext } from "../targets/index.js";
import { manifestsOf } from "./manifests.js";
import type { RunOptions } from "./options.js";
import { pollIntervals } from "./poll.js";
import { failureOfError, withTimeout } from "./timeouts.js";

type Chosen = { matchers: Matcher[] } | { skip: Failure };

/**
 * Whether `on TARGET(k=v)` names this target: its name (`kind`, `local`), the family of a target
 * with an argument (`on cluster` for every `cluster:CONTEXT`, `on cluster(context=prod)` for one),
 * or `any` target; and every parameter it gives equal to the target's or to the cluster's (the
 * settings a behaviour may depend on: `on any(proxy-mode=nftables)`).
 */
export function divergenceApplies(
  d: { target: string; params: Record<string, string> },
  target: Pick<Target, "name" | "params">,
  cluster?: ClusterSettings,
): boolean {
  const named = d.target === "any" || d.target === target.name || target.name.startsWith(`${d.target}:`);
  const facts = { ...clusterFacts(cluster), ...target.params };
  return named && Object.entries(d.params).every(([k, v]) => facts[k] === v);
}

/**
 * The cluster settings `on` may name: kube-proxy's mode (iptables unless the block or
 * `--proxy-mode` says otherwise, as kube-proxy's own default; OpenShift's OVN-Kubernetes has none).
 */
function clusterFacts(cluster: ClusterSettings | undefined): Record<string, string> {
  if (!cluster || cluster.profile === "openshift") return {};
  return { "proxy-mode": cluster.proxyMode ?? "iptables" };
}

/** The matchers this target judges: a matching divergence's, minus `because` where there are no reasons. */
function chooseMatchers(
  step: ExpectStep,
  target: Target,
  record: StepRecord,
  cluster: ClusterSettings | undefined,
): Chosen {
  let matchers = step.matchers;
  const divergence = step.divergences.find((d) => divergenceApplies(d, target, cluster));
  if (divergence) {
    record.divergence = {
      target: divergence.target,
      reason: divergence.reason,
      skip: divergence.skip ?? false,
    };
    if (divergence.skip) {
      const message = `known divergence on ${target.name}: ${divergence.reason}`;
      return { skip: { status: "skipped", message, reasons: [], span: divergence.span } };
    }
    matchers = divergence.matchers ?? matchers;
  }
  const why = unobservable(step.probe, matchers, target);
  if (why !== undefined) return { skip: { status: "skipped", message: why, reasons: [] } };
  // `because` judges the reference engine's reasons; other targets do not report any, so those
  // matchers are left out there.
  if (!target.capabilities().reasons) matchers = matchers.filter((m) => m.subject !== "because");
  return { matchers };
}

/**
 * Why `target` skips an expectation of `probe` with these matchers before observing anything: it is
 * made only of `because` matchers (the reference engine's reasons, which the target does not report),
 * or the target declines the probe kind. `netspec check --target` reports the same reasons.
 */
export function unobservable(
  probe: Probe,
  matchers: readonly Matcher[],
  target: Pick<Target, "name" | "observers" | "capabilities">,
): string | undefined {
  const because = matchers.filter((m) => m.subject === "because").length;
  if (!target.capabilities().reasons && because > 0 && because === matchers.length)
    return `\`because\` judges the reference engine's reasons, which ${target.name} does not report`;
  return declinedReason(target, probe.kind);
}

/**
 * Observes and judges `step`, polling under its `within` (or the run's default on real time) until
 * it holds; the last mismatch is the verdict. An observation that errors is retried in the window too
 * (a pod not Ready yet), one that is unsupported is not, nor one that waiting cannot mend (a target
 * that lost a component of its cluster: nothing restarts it).
 */
export async function runExpect(
  step: ExpectStep,
  target: Target,
  ctx: TargetContext,
  record: StepRecord,
  options: RunOptions,
  cluster?: ClusterSettings,
): Promise<Failure | undefined> {
  const chosen = chooseMatchers(step, target, record, cluster);
  if ("skip" in chosen) return chosen.skip;
  const virtual = target.capabilities().virtualTime === true;
  const pauses = pollIntervals(step.within ?? (virtual ? 0 : (options.defaultWithinMs ?? 0)), virtual);
  let polls = 0;
  for (;;) {
    polls++;
    const failure = await attempt(step, chosen.matchers, target, ctx, record, options).catch(failureOfError);
    const pause = pauses.shift();
    const final = failure?.status === "skipped" || failure?.code === "target/component-down";
    if (!failure || final || pause === undefined || ctx.signal.aborted) {
      if (polls > 1) record.polls = polls;
      return failure;
    }
    await target.wait(pause, ctx);
  }
}

async function attempt(
  step: ExpectStep,
  matchers: Matcher[],
  target: Target,
  ctx: TargetContext,
  record: StepRecord,
  options: RunOptions,
): Promise<Failure | undefined> {
  // Manifest files of `expect apply` are read here, like an apply step's, so targets only see text;
  // a query name with symbolic parts is resolved here, so targets only see the name to ask.
  const probe =
    step.probe.kind === "apply"
      ? { ...step.probe, manifests: manifestsOf(step.probe.source) }
      : step.probe.kind === "dns" && step.probe.qnameValue
        ? { ...step.probe, qname: await queryName(step.probe.qnameValue, target, ctx) }
        : step.probe.kind === "resolve" && step.probe.nameValue
          ? { ...step.probe, name: await queryName(step.probe.nameValue, target, ctx) }
          : step.probe;
  const obs = await withTimeout(
    observeRepeated(target, probe, ctx),
    options.stepTimeoutMs,
    `expect ${step.probe.kind}`,
  );
  record.observation = obs;
  const verdicts: Verdict[] = [];
  if (step.probe.kind === "reach") {
    if (obs.kind !== "reach")
      throw new TargetError(`target returned a ${obs.kind} observation for a reach probe`, "internal");
    const pods = step.probe.pods.map((p) => `${p.namespace ?? "default"}/${p.name}`);
    verdicts.push(judgeReach(step.probe.expected, pods, obs));
  }
  for (const m of matchers) verdicts.push(await evaluateMatcher(m, obs, (v) => target.resolve(v, ctx)));
  record.verdicts = verdicts;
  return failureOf(verdicts, matchers, "reasons" in obs ? obs.reasons : [], step.span);
}

/**
 * `expect dns ... repeat N`: the same query N times, one after the other, on any target; the
 * observation is the last reply with every reply in `replies` (the matchers judge each).
 */
async function observeRepeated(target: Target, probe: ExpectStep["probe"], ctx: TargetContext) {
  if (probe.kind !== "dns" || !probe.repeat) return observe(target, probe, ctx);
  const replies: DnsObs[] = [];
  for (let k = 0; k < probe.repeat; k++) {
    const o = await observe(target, probe, ctx);
    if (o.kind !== "dns")
      throw new TargetError(`target returned a ${o.kind} observation for a dns probe`, "internal");
    replies.push(o);
  }
  return { ...replies[replies.length - 1]!, replies };
}

/** `dashed-ip(pod p/web).p.pod.cluster.local` as the name the target resolves it to (a user error if not). */
async function queryName(value: Value, target: Target, ctx: TargetContext): Promise<string> {
  try {
    const [name] = await flatStrings(value, (v) => target.resolve(v, ctx));
    return name ?? "";
  } catch (e) {
    if (e instanceof TargetError) throw e;
    throw new TargetError(`query name: ${e instanceof Error ? e.message : String(e)}`, "user");
  }
}

function failureOf(
  verdicts: Verdict[],
  matchers: Matcher[],
  reasons: string[],
  at: Span,
): Failure | undefined {
  // A reach table's verdict comes first and has no matcher of its own.
  const spanOf = (v: Verdict) =>
    matchers[verdicts.indexOf(v) - (verdicts.length - matchers.length)]?.span ?? at;
  const broken = verdicts.find((v) => v.error);
  if (broken)
    return { status: "errored", message: broken.error!, reasons, span: spanOf(broken), code: "run/matcher" };
  const bad = verdicts.find((v) => !v.ok);
  if (!bad) return undefined;
  // A flag's expectation is its own name (`rejected`): said once, not "expected rejected rejected".
  const wanted = bad.expected === bad.subject ? bad.subject : `${bad.subject} ${bad.expected}`;
  const message = `expected ${wanted}, got ${bad.actual}`;
  return { status: "failed", message, reasons, span: spanOf(bad) };
}
