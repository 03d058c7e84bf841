/**
 * DNS probes on a real cluster: `dig` inside the source pod (or a throwaway probe pod), parsed into
 * the reference's DnsObs; resolver walks with `dig +search +showsearch` (dig's search rules, which
 * follow the pod's resolv.conf with the same ndots rule as glibc).
 */
import type { DnsObs, ResolveObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import type { CommandResult } from "../commands.js";
import { parseDig } from "../dig-output.js";
import { parseDigSearch } from "../probe-output.js";
import type { KubeProbeEnv } from "./context.js";

function digArgs(probe: ProbeOf<"dns">): string[] {
  const argv = ["dig", "+time=2", "+tries=1"];
  if (probe.transport === "tcp") argv.push("+tcp");
  argv.push(probe.bufsize ? `+bufsize=${probe.bufsize}` : "+noedns");
  if (probe.server) {
    const [ip, port] = probe.server.split(/:(?=\d+$)/);
    argv.push(`@${ip}`, ...(port ? ["-p", port] : []));
  }
  argv.push(probe.qname, probe.qtype);
  return argv;
}

/** Runs argv in the probe's source pod, or in a throwaway pod in the run's `default` namespace. */
async function inSource(
  env: KubeProbeEnv,
  probe: ProbeOf<"dns">,
  argv: string[],
  ctx: TargetContext,
): Promise<CommandResult> {
  const from = probe.from;
  if (from?.kind === "pod") return env.kubectl.exec(from.ref.namespace!, from.ref.name, argv, ctx);
  if (from)
    throw new TargetError(`DNS probes from a ${from.kind} are not run on real clusters yet`, "unsupported");
  const run = ["kubectl", "run", "netspec-probe", "-n", env.defaultNamespace(), "--rm", "-i"];
  const image = `--image=${env.probeImage}`;
  return env.kubectl.run([...run, "--restart=Never", "--quiet", image, "--command", "--", ...argv], ctx, {
    allowFailure: true,
  });
}

export async function observeDns(
  env: KubeProbeEnv,
  probe: ProbeOf<"dns">,
  ctx: TargetContext,
): Promise<DnsObs> {
  const r = await inSource(env, probe, digArgs(probe), ctx);
  return parseDig(r.stdout);
}

export async function observeResolve(
  env: KubeProbeEnv,
  probe: ProbeOf<"resolve">,
  ctx: TargetContext,
): Promise<ResolveObs> {
  if (probe.from.kind !== "pod")
    throw new TargetError(`resolver walks from a ${probe.from.kind} are not observed yet`, "unsupported");
  const type = probe.qtype === "AAAA" ? "AAAA" : "A";
  const argv = ["dig", "+search", "+showsearch", "+time=2", "+tries=1", probe.name, type];
  const r = await env.kubectl.exec(probe.from.ref.namespace!, probe.from.ref.name, argv, ctx);
  return parseDigSearch(r.stdout, type);
}
