/**
 * A reach table on a real cluster, as the upstream NetworkPolicy e2e probes it (kubernetes
 * test/e2e/network/netpol/probe.go: `agnhost connect` from each pod to each pod's IP, in parallel):
 * one `kubectl exec` per source pod runs `agnhost connect` to every other pod of the table at once;
 * exit 0 is allowed, anything else (refused, timeout) is not. The diagonal is not scored, as
 * upstream (k8s#95879).
 */
import type { ReachObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import type { KubeProbeEnv } from "./context.js";

/** `ip code` lines → code per IP. */
export function parseReachLines(stdout: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const m = /^REACH (\S+) (\d+)$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** The shell script probing every address in parallel (each prints `REACH <ip> <exit code>`). */
export function reachScript(ips: string[], port: number, protocol: string): string {
  const one = (ip: string) =>
    `( /agnhost connect ${ip}:${port} --timeout=3s --protocol=${protocol.toLowerCase()} >/dev/null 2>&1; echo "REACH ${ip} $?" ) &`;
  return `${ips.map(one).join("\n")}\nwait\n`;
}

export async function observeReach(
  env: KubeProbeEnv,
  probe: ProbeOf<"reach">,
  ctx: TargetContext,
): Promise<ReachObs> {
  if (typeof probe.port !== "number")
    throw new TargetError("named ports in reach tables on real clusters are not resolved yet", "unsupported");
  const pods = probe.pods.map((p) => `${p.namespace ?? "default"}/${p.name}`);
  const ips = await Promise.all(
    probe.pods.map(
      async (p) => (await env.resolve({ kind: "ref", fn: "ip", target: p, span: probe.span }, ctx))[0] ?? "",
    ),
  );
  const missing = pods.filter((_, i) => !ips[i]);
  if (missing.length)
    throw new TargetError(`reach table: no IP for ${missing.join(", ")} (not running?)`, "internal");
  const allowed: (boolean | null)[][] = [];
  const reasons: string[] = [];
  for (const [i, from] of probe.pods.entries()) {
    const targets = ips.filter((_, j) => j !== i);
    const r = await env.kubectl.exec(
      from.namespace ?? "default",
      from.name,
      ["sh", "-c", reachScript(targets, probe.port, probe.protocol)],
      ctx,
    );
    const codes = parseReachLines(r.stdout);
    allowed.push(ips.map((ip, j) => (j === i ? null : codes.get(ip) === 0)));
    const unanswered = targets.filter((ip) => !codes.has(ip));
    if (unanswered.length)
      reasons.push(`${pods[i]}: no result for ${unanswered.join(", ")} (exec exited ${r.code})`);
  }
  reasons.push(
    `agnhost connect from each pod to every other pod's IP on ${probe.port}/${probe.protocol} (exit 0 = allowed)`,
  );
  return { kind: "reach", pods, allowed, reasons };
}
