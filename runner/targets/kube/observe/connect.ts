/** Connections from a pod on a real cluster, with `agnhost connect` (kubernetes test/images/agnhost). */
import type { ConnectObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import { parseAgnhostConnect } from "../probe-output.js";
import type { KubeProbeEnv } from "./context.js";

/** The address a destination names on the cluster (undefined: not one a probe can dial). */
export async function destinationHost(
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
  if (to.kind === "node")
    return (
      await env.resolve(
        { kind: "ref", fn: "node-ip", target: { kind: "Node", name: to.name }, span: to.span },
        ctx,
      )
    )[0];
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
  if (probe.to.kind === "ip") await env.outside?.prepare(host, probe.port, ctx);
  const protocol = `--protocol=${probe.protocol.toLowerCase()}`;
  const argv = ["/agnhost", "connect", `${host}:${probe.port}`, "--timeout=5s", protocol];
  const client = { namespace: probe.from.ref.namespace!, name: probe.from.ref.name };
  const policyBefore = await env.datapath?.policy?.snapshot(ctx);
  const r = await env.kubectl.exec(client.namespace, client.name, argv, ctx);
  const stderr = r.stderr.trim();
  const q = { client, ip: host, port: probe.port, protocol: probe.protocol };
  let verdict = parseAgnhostConnect(r.code, `${r.stdout}\n${r.stderr}`);
  const reasons = [`agnhost connect ${host}:${probe.port} exited ${r.code}${stderr ? `: ${stderr}` : ""}`];
  const toService = probe.to.kind === "service";
  // A policy REJECT looks like a closed port or a timeout to the client: the implementation's counters say.
  // agnhost prints `DNS: …` when the name never resolved: no connection was tried, whatever
  // policy did to the lookup (kubernetes test/images/agnhost/connect/connect.go).
  const unresolved = /^DNS: /m.test(r.stderr);
  const denial =
    verdict !== "allowed" && policyBefore !== undefined && !unresolved
      ? await env.datapath?.policy?.denial(q, policyBefore, ctx)
      : undefined;
  if (denial) {
    verdict = "denied";
    reasons.push(denial.detail);
  }
  // A REJECT by kube-proxy and a closed port look alike to the client (ECONNREFUSED): the rules say.
  if (verdict === "refused" && toService && (await env.datapath?.rejected(q, ctx))) {
    verdict = "rejected";
    reasons.push(
      "kube-proxy on the client's node REJECTs it: the Service has no endpoints, or (nftables mode) not this port",
    );
  }
  const obs: ConnectObs = {
    kind: "connect",
    verdict,
    candidates: [],
    destinationIp: host,
    hops: [],
    reasons,
    ...(denial ? { deniedBy: denial.by } : {}),
  };
  const pods = env.datapath || env.backendsAnswerHostname ? await podIndex(env, ctx) : [];
  if (toService && env.datapath) {
    const ips = await env.datapath.candidates(q, ctx);
    obs.candidates = ips.map((ip) => pods.find((p) => p.ip === ip)?.ref ?? ip).sort();
    reasons.push(
      `kube-proxy's rules on the client's node translate it to ${ips.join(", ") || "no endpoint"}`,
    );
  }
  if (verdict !== "allowed") return obs;
  if (env.backendsAnswerHostname) {
    const landed = await landing(env, probe, host, pods, obs.candidates, ctx);
    reasons.push(landed.reason);
    if (landed.pod) obs.landedOn = landed.pod;
  }
  const seen = await env.datapath?.sourceSeen(q, ctx);
  if (seen) {
    obs.sourceIp = seen;
    reasons.push(`conntrack on the client's node: the destination saw ${seen}`);
  }
  return obs;
}

export interface PodEntry {
  ref: string;
  hostname: string;
  ip: string;
}

/** Every pod's `ns/name`, hostname (spec.hostname, else its name) and IP. */
export async function podIndex(env: KubeProbeEnv, ctx: TargetContext): Promise<PodEntry[]> {
  const r = await env.kubectl.run(
    [
      "kubectl",
      "get",
      "pods",
      "-A",
      "-o",
      'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.status.podIP} {.spec.hostname}{"\\n"}{end}',
    ],
    ctx,
  );
  return r.stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([ref]) => ref)
    .map(([ref, ip, hostname]) => ({ ref: ref!, ip: ip ?? "", hostname: hostname || ref!.split("/")[1]! }));
}

/**
 * Which pod a connection lands on, where every backend is agnhost serve-hostname (it writes its
 * hostname on each TCP connection and answers each UDP datagram with it): a second connection from
 * the same client, read with netcat, and the hostname looked up among the pods. With no session
 * affinity the second connection may pick another backend than the first; either is one the
 * translation could pick.
 */
async function landing(
  env: KubeProbeEnv,
  probe: ProbeOf<"connect">,
  host: string,
  pods: PodEntry[],
  candidates: string[],
  ctx: TargetContext,
): Promise<{ pod?: string; reason: string }> {
  const nc =
    probe.protocol === "UDP"
      ? `echo hostname | nc -u -w 2 ${host} ${probe.port}`
      : `nc -w 3 ${host} ${probe.port} </dev/null`;
  const from = probe.from as Extract<ProbeOf<"connect">["from"], { kind: "pod" }>;
  const r = await env.kubectl.exec(from.ref.namespace!, from.ref.name, ["sh", "-c", nc], ctx);
  const hostname = r.stdout.trim().split("\n")[0]?.trim() ?? "";
  if (!hostname) return { reason: `${nc}: no hostname came back (exit ${r.code})` };
  const matches = pods.filter((p) => p.hostname === hostname);
  if (!matches.length) return { reason: `the backend answered with hostname ${hostname}, which no pod has` };
  const owner = ownerOf(matches, host, candidates, namespaceOf(probe.to, from.ref.namespace!));
  return owner
    ? { pod: owner, reason: `the backend answered with hostname ${hostname}: ${owner}` }
    : {
        reason: `the backend answered with hostname ${hostname}, which ${matches.map((m) => m.ref).join(", ")} all have`,
      };
}

/**
 * The one pod among those answering with a hostname that the connection can have reached (pods in
 * different namespaces may share one, e.g. `a` in x and in y): the address connected to, then
 * kube-proxy's candidates for it, then the destination's namespace; undefined while still ambiguous.
 */
export function ownerOf(
  matches: PodEntry[],
  host: string,
  candidates: string[],
  namespace?: string,
): string | undefined {
  if (matches.length === 1) return matches[0]!.ref;
  for (const narrowed of [
    matches.filter((m) => m.ip === host),
    matches.filter((m) => candidates.includes(m.ref)),
    namespace ? matches.filter((m) => m.ref.startsWith(`${namespace}/`)) : [],
  ])
    if (narrowed.length === 1) return narrowed[0]!.ref;
  return undefined;
}

/**
 * The namespace a destination names: a Service's or pod's, `ns` of a `svc.ns[.svc…]` name, and for a
 * bare name the client's own — the first search domain the kubelet writes into a pod's resolv.conf
 * is `<its namespace>.svc.<zone>` (pkg/kubelet/network/dns/dns.go generateSearchesForDNSClusterFirst),
 * so `web` from a pod in `shop` is `web.shop.svc.cluster.local`. Without it a bare name is ambiguous
 * whenever another namespace (a case running at the same time) has a pod of the same hostname.
 */
export function namespaceOf(to: ProbeOf<"connect">["to"], client: string): string | undefined {
  if (to.kind === "pod" || to.kind === "service") return to.ref.namespace;
  if (to.kind !== "name") return undefined;
  const labels = to.name.replace(/\.$/, "").split(".");
  // An absolute one-label name (`web.`) goes through no search list.
  return labels[1] ?? (to.name.endsWith(".") ? undefined : client);
}
