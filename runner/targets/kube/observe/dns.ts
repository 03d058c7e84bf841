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

/** What `dig` in a pod cannot show here, as the skip reason. */
const TRANSFER_UNOBSERVED =
  "zone transfers (AXFR/IXFR) print a record stream without a reply header, which is not parsed on real clusters yet";

export function digArgs(probe: ProbeOf<"dns">): string[] {
  if (probe.qtype === "AXFR" || probe.qtype === "IXFR")
    throw new TargetError(`expect dns ${probe.qtype}: ${TRANSFER_UNOBSERVED}`, "unsupported");
  const argv = ["dig", "+time=2", "+tries=1"];
  if (probe.transport === "tcp") argv.push("+tcp");
  // +nsid sends EDNS: with no bufsize it advertises 1232, as the reference's query does.
  argv.push(probe.bufsize ? `+bufsize=${probe.bufsize}` : probe.nsid ? "+bufsize=1232" : "+noedns");
  if (probe.nsid) argv.push("+nsid");
  if (probe.class) argv.push("-c", probe.class);
  if (probe.server) {
    const [ip, port] = probe.server.split(/:(?=\d+$)/);
    argv.push(`@${ip}`, ...(port ? ["-p", port] : []));
  }
  argv.push(probe.qname, probe.qtype);
  return argv;
}

/** Runs argv in the probe's source pod, or in the target's probe pod in the run's `default`. */
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
  const pod = await env.probePod(ctx);
  return env.kubectl.exec(pod.namespace, pod.name, argv, ctx);
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
