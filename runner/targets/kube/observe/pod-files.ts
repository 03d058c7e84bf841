/** The files a real kubelet wrote into a pod: /etc/resolv.conf and /etc/hosts, read with `cat`. */
import type { HostsObs, ResolvConfObs } from "../../../observation.js";
import { TargetError, type ProbeOf, type TargetContext } from "../../target.js";
import type { KubeProbeEnv } from "./context.js";

async function readPodFile(
  env: KubeProbeEnv,
  probe: ProbeOf<"resolv-conf" | "hosts">,
  file: string,
  ctx: TargetContext,
): Promise<string> {
  if (probe.of.kind !== "pod")
    throw new TargetError(
      `${probe.kind} of a ${probe.of.kind} is not read on real clusters yet`,
      "unsupported",
    );
  return env.kubectl.execOk(probe.of.ref.namespace!, probe.of.ref.name, ["cat", file], ctx);
}

/** resolv.conf as kubelet writes it (pkg/kubelet/network/dns/dns.go): nameserver, search, options lines. */
export function parseResolvConf(text: string): Omit<ResolvConfObs, "kind" | "text" | "warnings"> {
  const conf = { nameservers: [] as string[], search: [] as string[], options: [] as string[] };
  for (const l of text.split("\n")) {
    const [k, ...rest] = l.trim().split(/\s+/);
    if (k === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
    else if (k === "search") conf.search = rest;
    else if (k === "options") conf.options = rest;
  }
  return conf;
}

export function parseHosts(text: string): HostsObs["entries"] {
  return text
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/))
    .map(([ip, ...names]) => ({ ip: ip!, names }));
}

export async function observeResolvConf(
  env: KubeProbeEnv,
  probe: ProbeOf<"resolv-conf">,
  ctx: TargetContext,
): Promise<ResolvConfObs> {
  const text = await readPodFile(env, probe, "/etc/resolv.conf", ctx);
  const warnings = await dnsConfigWarnings(env, probe, ctx);
  return { kind: "resolv-conf", ...parseResolvConf(text), text, warnings };
}

/**
 * What the kubelet said about the entries it dropped: the pod's Warning events with reason
 * DNSConfigForming (pkg/kubelet/network/dns/dns.go formDNSSearchFitsLimits,
 * formDNSNameserversFitsLimits: recorder.Event(pod, Warning, "DNSConfigForming", msg)), one per
 * distinct message (the event recorder counts repeats of one message on one event). Events reach the
 * API a moment after the sandbox starts; an eventual expectation polls this again.
 */
async function dnsConfigWarnings(
  env: KubeProbeEnv,
  probe: ProbeOf<"resolv-conf">,
  ctx: TargetContext,
): Promise<string[]> {
  if (probe.of.kind !== "pod") return [];
  const { namespace, name } = probe.of.ref;
  const selector = `involvedObject.kind=Pod,involvedObject.name=${name},reason=DNSConfigForming`;
  const list = await env.kubectl.getJson<{ items?: { type?: string; message?: string }[] }>(
    ["events", "-n", namespace!, "--field-selector", selector],
    ctx,
  );
  const messages = (list?.items ?? []).filter((e) => e.type === "Warning").map((e) => e.message ?? "");
  return [...new Set(messages)];
}

export async function observeHosts(
  env: KubeProbeEnv,
  probe: ProbeOf<"hosts">,
  ctx: TargetContext,
): Promise<HostsObs> {
  const text = await readPodFile(env, probe, "/etc/hosts", ctx);
  return { kind: "hosts", entries: parseHosts(text), text };
}
