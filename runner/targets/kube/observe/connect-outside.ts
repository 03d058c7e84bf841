/**
 * Connections from outside the cluster (`expect connect from external IP to node N port P`), where the
 * target has an outside of its own (KubeProbeEnv.outside: the local target's fabric network). The
 * client dials from the address the spec gives; the verdict is the client's; the pod it landed on is
 * the hostname its serve-hostname backend wrote back; the source the backend saw is the reply tuple of
 * the conntrack entry on the node the connection entered at (kube-proxy's SNAT for
 * externalTrafficPolicy Cluster, none for Local: pkg/proxy/iptables/proxier.go, KUBE-EXT chains).
 */
import type { ConnectObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import { destinationHost, ownerOf, podIndex } from "./connect.js";
import type { ConnectionQuestion, KubeProbeEnv, OutsideNetwork } from "./context.js";

export async function observeFromOutside(
  env: KubeProbeEnv & { outside: OutsideNetwork },
  probe: ProbeOf<"connect">,
  ctx: TargetContext,
): Promise<ConnectObs> {
  const from = probe.from.kind === "external" ? probe.from.ip : undefined;
  if (!from) throw new TargetError("an external source needs an IP (`from external 203.0.113.7`)", "user");
  if (typeof probe.port !== "number")
    throw new TargetError(
      "named ports in connect probes on real clusters are not resolved yet",
      "unsupported",
    );
  if (probe.to.kind === "pod" || probe.to.kind === "name")
    throw new TargetError(
      `connections from outside to a ${probe.to.kind} are not probed: pod addresses are not routed from outside a cluster`,
      "unsupported",
    );
  const host = await destinationHost(env, probe.to, ctx);
  if (!host)
    throw new TargetError(`connect to a ${probe.to.kind} is not probed on real clusters yet`, "unsupported");
  if (probe.to.kind === "ip") await env.outside.prepare(host, probe.port, ctx);
  const client = { namespace: "outside", name: from };
  const policyBefore = await env.datapath?.policy?.snapshot(ctx);
  const r = await env.outside.connect(from, host, probe.port, probe.protocol, ctx);
  const reasons = [r.detail];
  const obs: ConnectObs = {
    kind: "connect",
    verdict: r.verdict,
    candidates: [],
    destinationIp: host,
    hops: [],
    reasons,
  };
  const q: ConnectionQuestion = {
    client,
    ip: host,
    port: probe.port,
    protocol: probe.protocol,
    ...(r.node ? { outside: { ip: from, node: r.node } } : {}),
  };
  const denial =
    r.verdict !== "allowed" && policyBefore !== undefined
      ? await env.datapath?.policy?.denial(q, policyBefore, ctx)
      : undefined;
  if (denial) {
    obs.verdict = "denied";
    obs.deniedBy = denial.by;
    reasons.push(denial.detail);
  }
  if (obs.verdict !== "allowed") return obs;
  if (env.backendsAnswerHostname && r.firstLine) {
    const hostname = r.firstLine.trim();
    const pods = await podIndex(env, ctx);
    const owner = ownerOf(
      pods.filter((p) => p.hostname === hostname),
      host,
      [],
    );
    if (owner) obs.landedOn = owner;
    reasons.push(
      `the backend answered with hostname ${hostname}${owner ? `: ${owner}` : ", which no one pod has"}`,
    );
  }
  const seen = r.node ? await env.datapath?.sourceSeen(q, ctx) : undefined;
  if (seen) {
    obs.sourceIp = seen;
    reasons.push(`conntrack on ${r.node}: the destination saw ${seen}`);
  }
  return obs;
}
