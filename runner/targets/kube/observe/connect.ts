/** Connections from a pod on a real cluster, with `agnhost connect` (kubernetes test/images/agnhost). */
import type { ConnectObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import { parseAgnhostConnect } from "../probe-output.js";
import type { KubeProbeEnv } from "./context.js";

async function destinationHost(
  env: KubeProbeEnv,
  to: ProbeOf<"connect">["to"],
  ctx: TargetContext,
): Promise<string | undefined> {
  if (to.kind === "pod")
    return (await env.resolve({ kind: "ref", fn: "ip", target: to.ref, span: to.span }, ctx))[0];
  if (to.kind === "service")
    return (await env.resolve({ kind: "ref", fn: "cluster-ip", target: to.ref, span: to.span }, ctx))[0];
  if (to.kind === "ip") return to.ip;
  if (to.kind === "name") return to.name;
  return undefined;
}

export async function observeConnect(
  env: KubeProbeEnv,
  probe: ProbeOf<"connect">,
  ctx: TargetContext,
): Promise<ConnectObs> {
  if (probe.from.kind !== "pod")
    throw new TargetError(
      `connections from a ${probe.from.kind} are not probed on real clusters yet`,
      "unsupported",
    );
  if (typeof probe.port !== "number")
    throw new TargetError(
      "named ports in connect probes on real clusters are not resolved yet",
      "unsupported",
    );
  const host = await destinationHost(env, probe.to, ctx);
  if (!host)
    throw new TargetError(`connect to a ${probe.to.kind} is not probed on real clusters yet`, "unsupported");
  const protocol = `--protocol=${probe.protocol.toLowerCase()}`;
  const argv = ["/agnhost", "connect", `${host}:${probe.port}`, "--timeout=5s", protocol];
  const r = await env.kubectl.exec(probe.from.ref.namespace!, probe.from.ref.name, argv, ctx);
  const stderr = r.stderr.trim();
  return {
    kind: "connect",
    verdict: parseAgnhostConnect(r.code, `${r.stdout}\n${r.stderr}`),
    candidates: [],
    destinationIp: host,
    hops: [],
    reasons: [`agnhost connect ${host}:${probe.port} exited ${r.code}${stderr ? `: ${stderr}` : ""}`],
  };
}
