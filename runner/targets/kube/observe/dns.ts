/**
 * DNS probes on a real cluster: `dig` inside the source pod (or a throwaway probe pod), parsed into
 * the reference's DnsObs (an AXFR's messages read as one reply, dig-transfer.ts); resolver walks
 * with `dig +search +showsearch` (dig's search rules, which follow the pod's resolv.conf with the
 * same ndots rule as glibc).
 */
import type { DnsObs, ResolveObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import type { CommandResult } from "../commands.js";
import { parseDig } from "../dig-output.js";
import { parseDigTransfer, TRANSFER_FLAGS } from "../dig-transfer.js";
import { parseDigSearch } from "../probe-output.js";
import type { KubeProbeEnv } from "./context.js";

/**
 * An IXFR needs the client's SOA serial (RFC 1995 §3; dig's `ixfr=N`), which `expect dns` cannot give:
 * skipped for the reason the reference skips it (runner/targets/reference/observe-dns.ts).
 */
const IXFR_UNOBSERVED = "IXFR needs the client's SOA serial, which `expect dns` cannot give yet";

/**
 * dig sends every AXFR over TCP, `+notcp` or not (BIND 9.18.49: `dig +notcp … AXFR` reports
 * `SERVER: …(TCP)` and gets the zone), so the REFUSED CoreDNS writes for a transfer over UDP
 * (plugin/transfer transfer.go ServeDNS) cannot be asked from a pod.
 */
const UDP_AXFR_UNOBSERVED =
  "dig sends every AXFR over TCP, so a transfer over UDP cannot be asked from a pod (write `over tcp`)";

export function digArgs(probe: ProbeOf<"dns">): string[] {
  if (probe.qtype === "IXFR") throw new TargetError(`expect dns IXFR: ${IXFR_UNOBSERVED}`, "unsupported");
  const axfr = probe.qtype === "AXFR";
  if (axfr && probe.transport !== "tcp")
    throw new TargetError(`expect dns AXFR: ${UDP_AXFR_UNOBSERVED}`, "unsupported");
  const argv = ["dig", "+time=2", "+tries=1"];
  // Over UDP the observation is the UDP reply itself: without +ignore dig retries a truncated one
  // over TCP and prints that answer instead (found on local: `bufsize 512` replies seen without TC).
  argv.push(probe.transport === "tcp" ? "+tcp" : "+ignore");
  // +nsid sends EDNS: with no bufsize it advertises 1232, as the reference's query does.
  argv.push(probe.bufsize ? `+bufsize=${probe.bufsize}` : probe.nsid ? "+bufsize=1232" : "+noedns");
  // A transfer prints its messages' headers and questions only when asked (dig-transfer.ts).
  if (axfr) argv.push(...TRANSFER_FLAGS);
  if (probe.nsid) argv.push("+nsid");
  if (probe.server) {
    const [ip, port] = probe.server.split(/:(?=\d+$)/);
    argv.push(`@${ip}`, ...(port ? ["-p", port] : []));
  }
  // With `-c`, BIND 9.18's dig took a bare type after the name for a second name (`version.bind CH
  // A` and `TXT. CH A`, seen on local): the class goes with an explicit -t and -q.
  if (probe.class) argv.push("-c", probe.class, "-t", probe.qtype, "-q", probe.qname);
  else argv.push(probe.qname, probe.qtype);
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
  return probe.qtype === "AXFR" ? parseDigTransfer(r.stdout) : parseDig(r.stdout);
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
