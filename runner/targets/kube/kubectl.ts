/**
 * The one way the real targets talk to a cluster: every kubectl call goes through here, so each is
 * logged (`$ kubectl … → code`), carries the run's context, and fails with the exact command and the
 * tail of what it printed — never a bare exit code. Pods are reached with `exec`; `get` parses JSON.
 */
import { TargetError, type TargetContext } from "../target.js";
import type { CommandResult, CommandRunner } from "./commands.js";

export interface KubectlCall {
  /** Text for kubectl's stdin (`apply -f -`). */
  input?: string;
  /** A non-zero exit is an answer here (e.g. `get` of an object that may not exist, a probe). */
  allowFailure?: boolean;
}

/**
 * A faster way into a pod than `kubectl exec` that some targets have (the local cluster's runc);
 * undefined = not here, use kubectl exec. `argv` is what ran, for the log.
 */
export type PodExec = (
  target: { namespace: string; pod: string },
  argv: string[],
  ctx: TargetContext,
) => Promise<(CommandResult & { argv: string[] }) | undefined>;

/**
 * Some kubectl calls answered without a kubectl process, where a target can (the local cluster's
 * API server over HTTPS): what kubectl would have exited with and printed, plus `what` ran, for the
 * log; undefined = not this call, run kubectl. `argv` is the call without `kubectl` and its flags;
 * `kubeconfig` the cluster it is for.
 */
export type KubectlShortcut = (
  argv: string[],
  ctx: TargetContext,
  kubeconfig: string,
) => Promise<(CommandResult & { what: string }) | undefined>;

/** `kubectl exec -n NS POD -- ARGV…`: what exec and execOk run, and name when the pod's own exec fails. */
function execArgv(namespace: string, pod: string, argv: string[]): string[] {
  return ["kubectl", "exec", "-n", namespace, pod, "--", ...argv];
}

export class Kubectl {
  /** The kubeconfig context every call uses; empty = kubectl's current context. */
  context = "";
  /** A kubeconfig file of its own (the local cluster's); empty = kubectl's default. */
  kubeconfig = "";

  /** Tried before `kubectl exec` (execVia). */
  private podExec?: PodExec;
  /** Tried before running kubectl (shortcutVia). */
  private shortcut?: KubectlShortcut;

  /** `binary`: the kubectl to run (the local target's own build); default `kubectl` on PATH. */
  constructor(
    private readonly runner: CommandRunner,
    private binary = "kubectl",
  ) {}

  /** Points every later call at `access`'s cluster (and its kubectl, when it brings one). */
  use(access: { context?: string; kubeconfig?: string; kubectl?: string }): void {
    this.context = access.context ?? "";
    this.kubeconfig = access.kubeconfig ?? "";
    if (access.kubectl) this.binary = access.kubectl;
  }

  /** Another Kubectl on the same seam and binary, pointed at one cluster's kubeconfig. */
  at(kubeconfig: string): Kubectl {
    const other = new Kubectl(this.runner, this.binary);
    other.kubeconfig = kubeconfig;
    return other;
  }

  /** Probes go into pods through `exec` first, and through kubectl exec when it declines. */
  execVia(exec: PodExec): void {
    this.podExec = exec;
  }

  /** Calls `shortcut` answers skip the kubectl process (the pod-start wait polls several times a case). */
  shortcutVia(shortcut: KubectlShortcut): void {
    this.shortcut = shortcut;
  }

  /** Runs `kubectl ARGS…` (or another tool when argv[0] is not `kubectl`). */
  async run(argv: string[], ctx: TargetContext, call: KubectlCall = {}): Promise<CommandResult> {
    const flags = [
      ...(this.kubeconfig ? ["--kubeconfig", this.kubeconfig] : []),
      ...(this.context ? ["--context", this.context] : []),
    ];
    const full = argv[0] === "kubectl" ? [this.binary, ...flags, ...argv.slice(1)] : argv;
    const started = performance.now();
    const short =
      argv[0] === "kubectl" && !call.input
        ? await this.shortcut?.(argv.slice(1), ctx, this.kubeconfig)
        : undefined;
    const r = short ?? (await this.runner.run(full, { input: call.input, signal: ctx.signal }));
    // With its duration: where a real target's time goes is read from the run's log.
    ctx.log(
      `$ ${short ? short.what : full.join(" ")} → ${r.code} (${Math.round(performance.now() - started)} ms)`,
    );
    if (r.code !== 0 && !call.allowFailure) throw commandFailed(full, r);
    return r;
  }

  /** `kubectl exec -n NS POD -- ARGV…`: a probe inside a pod; the exit code is the caller's to judge. */
  async exec(namespace: string, pod: string, argv: string[], ctx: TargetContext): Promise<CommandResult> {
    return (
      (await this.direct(namespace, pod, argv, ctx)) ??
      this.run(execArgv(namespace, pod, argv), ctx, { allowFailure: true })
    );
  }

  /** `kubectl exec` whose failure is an error of the run (reading a file, say). */
  async execOk(namespace: string, pod: string, argv: string[], ctx: TargetContext): Promise<string> {
    const r = await this.direct(namespace, pod, argv, ctx);
    if (r && r.code !== 0) throw commandFailed(execArgv(namespace, pod, argv), r);
    return (r ?? (await this.run(execArgv(namespace, pod, argv), ctx))).stdout;
  }

  /** The pod exec of execVia, logged like a kubectl call; undefined when there is none or it declined. */
  private async direct(
    namespace: string,
    pod: string,
    argv: string[],
    ctx: TargetContext,
  ): Promise<CommandResult | undefined> {
    if (!this.podExec) return undefined;
    const started = performance.now();
    const r = await this.podExec({ namespace, pod }, argv, ctx);
    if (r) ctx.log(`$ ${r.argv.join(" ")} → ${r.code} (${Math.round(performance.now() - started)} ms)`);
    return r;
  }

  /**
   * `kubectl apply -f -` of a YAML/JSON stream; a refusal throws, unless `allowFailure` (`expect
   * apply`: kubectl's exit code and message are the observation).
   */
  async apply(text: string, ctx: TargetContext, allowFailure = false): Promise<CommandResult> {
    return this.run(["kubectl", "apply", "-f", "-"], ctx, { input: text, allowFailure });
  }

  /** `kubectl get … -o json`, parsed; undefined when the object does not exist. */
  async getJson<T>(args: string[], ctx: TargetContext): Promise<T | undefined> {
    const r = await this.run(["kubectl", "get", ...args, "-o", "json"], ctx, { allowFailure: true });
    if (r.code !== 0) {
      // A kind the server does not serve has no object either (an `expect apply` of one, snapshotted).
      if (/NotFound|not found|doesn't have a resource type/.test(r.stderr)) return undefined;
      throw commandFailed(["kubectl", "get", ...args, "-o", "json"], r);
    }
    return (r.stdout ? JSON.parse(r.stdout) : undefined) as T | undefined;
  }

  /** `kubectl get … -o jsonpath=PATH`, split on whitespace. */
  async jsonpath(args: string[], path: string, ctx: TargetContext): Promise<string[]> {
    const out = (await this.run(["kubectl", "get", ...args, "-o", `jsonpath=${path}`], ctx)).stdout;
    return out.split(/\s+/).filter(Boolean);
  }

  /** `kubectl logs` of a pod (or `deployment/x`), since a time when given. */
  async logs(namespace: string, what: string, ctx: TargetContext, sinceTime?: string): Promise<string> {
    const argv = [
      "kubectl",
      "logs",
      "-n",
      namespace,
      what,
      ...(sinceTime ? [`--since-time=${sinceTime}`] : []),
    ];
    return (await this.run(argv, ctx, { allowFailure: true })).stdout;
  }
}

/** A failed command as the user should see it: what ran, its exit code and the end of its output. */
export function commandFailed(argv: string[], r: CommandResult): TargetError {
  const out = `${r.stderr}\n${r.stdout}`.trim().split("\n").slice(-8).join("\n");
  return new TargetError(
    `\`${argv.join(" ")}\` exited with ${r.code}${out ? `:\n${out}` : ""}`,
    r.code === 127 ? "internal" : "user",
    undefined,
    out,
  );
}
