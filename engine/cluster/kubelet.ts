/**
 * kubelet's DNS files for a pod: resolv.conf (pkg/kubelet/network/dns/dns.go GetPodDNS,
 * formDNSConfigFromPodSpec/appendDNSConfig, CheckLimitsForResolvConf) and the managed /etc/hosts
 * (pkg/kubelet/kubelet_pods.go makeHostsFile / managedHostsFileContent). dns-behaviour.md §10.
 */
import { formatHosts, formatResolvConf, type HostsEntry, type ResolvConf } from "../resolver/index.js";
import type { Pod } from "./model.js";

export interface KubeletDnsContext {
  clusterDomain: string;
  clusterDNS: string[];
  /** The node's resolv.conf as kubelet parsed it (the `resolvConf` kubelet setting). */
  hostConf: ResolvConf;
  /** kubelet `resolvConf: ""`: no host file at all. */
  resolvConfEmpty?: boolean;
  nodeHostname: string;
  nodeIPs: string[];
}

/** Limits after merging (validation.go MaxDNSNameservers / MaxDNSSearchPaths / MaxDNSSearchListChars). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCH = 32;
const MAX_SEARCH_CHARS = 2048;
const MAX_DOMAIN = 253;

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

export function podResolvConf(
  pod: Pod,
  ctx: KubeletDnsContext,
): { conf: ResolvConf; text: string; warnings: string[] } {
  const warnings: string[] = [];
  const host: ResolvConf = ctx.resolvConfEmpty
    ? // dns.go: with no host resolv.conf, Default pods get the node's loopback resolver and search ".".
      {
        nameservers: ctx.nodeIPs.some((ip) => ip.includes(":")) ? ["::1"] : ["127.0.0.1"],
        search: ["."],
        options: [],
      }
    : {
        nameservers: [...ctx.hostConf.nameservers],
        search: ctx.hostConf.search.map((s) => s.replace(/\.$/, "")),
        options: [...ctx.hostConf.options],
      };
  let policy = pod.spec.dnsPolicy;
  // ClusterFirst on a hostNetwork pod behaves as Default (dns.go getPodDNSType).
  if (policy === "ClusterFirst" && pod.spec.hostNetwork) policy = "Default";
  let base: ResolvConf;
  if (policy === "None") base = { nameservers: [], search: [], options: [] };
  else if (policy === "Default") base = host;
  else if (ctx.clusterDNS.length === 0) {
    warnings.push(
      `kubelet does not have ClusterDNS IP configured and cannot create Pod using "${policy}" policy. Falling back to "Default" policy.`,
    );
    base = host;
  } else {
    const search = ctx.clusterDomain
      ? [`${pod.metadata.namespace}.svc.${ctx.clusterDomain}`, `svc.${ctx.clusterDomain}`, ctx.clusterDomain]
      : [];
    // ClusterFirst keeps the host's search domains but drops its nameservers and options.
    base = {
      nameservers: [...ctx.clusterDNS],
      search: dedupe([...search, ...host.search]),
      options: ["ndots:5"],
    };
  }
  const cfg = pod.spec.dnsConfig;
  let nameservers = dedupe([...base.nameservers, ...(cfg?.nameservers ?? [])]);
  let search = dedupe([...base.search, ...(cfg?.searches ?? [])]);
  // Options merge by name, pod values overriding (appendDNSConfig). Upstream iterates a map, so the
  // written order is not deterministic there; here: base options in order, then new ones in pod order.
  const options = new Map<string, string | undefined>();
  for (const o of base.options) {
    const [name, value] = o.split(":");
    options.set(name!, value);
  }
  for (const o of cfg?.options ?? []) options.set(o.name, o.value);
  if (nameservers.length > MAX_NAMESERVERS) {
    warnings.push(
      `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.slice(0, MAX_NAMESERVERS).join(" ")}`,
    );
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
  }
  const tooLong = search.filter((s) => s.length > MAX_DOMAIN);
  if (tooLong.length > 0) {
    search = search.filter((s) => s.length <= MAX_DOMAIN);
    warnings.push(
      `Search Line limits were exceeded, some search paths have been omitted (longer than ${MAX_DOMAIN} characters)`,
    );
  }
  if (search.length > MAX_SEARCH || search.join(" ").length > MAX_SEARCH_CHARS) {
    search = search.slice(0, MAX_SEARCH);
    while (search.join(" ").length > MAX_SEARCH_CHARS) search = search.slice(0, -1);
    warnings.push(
      `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${search.join(" ")}`,
    );
  }
  const conf: ResolvConf = {
    nameservers,
    search,
    options: [...options].map(([name, value]) => (value === undefined ? name : `${name}:${value}`)),
  };
  return { conf, text: formatResolvConf(conf), warnings };
}

/**
 * The node's resolv.conf as kubelet reads it (dns-behaviour.md §10.1; pkg/kubelet/network/dns/dns.go
 * parseResolvConf): nameservers accumulate, the last search/domain line wins, the last options line
 * wins, `#`/`;` comments. Also what CoreDNS's `forward . /etc/resolv.conf` reads in the model.
 */
export function parseNodeResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") conf.search = rest;
    else if (key === "options") conf.options = rest;
  }
  return conf;
}

/** Pod hostname: spec.hostname or the pod name, truncated to 63 characters (kubelet GeneratePodHostNameAndDomain). */
export function podHostname(pod: Pod): string {
  const name = pod.spec.hostname ?? pod.metadata.name;
  return name.length > 63 ? name.slice(0, 63).replace(/[-.]+$/, "") : name;
}

const MANAGED_HEADER = "# Kubernetes-managed hosts file.\n";
const HOST_NETWORK_HEADER = "# Kubernetes-managed hosts file (host network).\n";

export function podHosts(
  pod: Pod,
  ctx: KubeletDnsContext & { nodeHosts?: HostsEntry[] },
): { entries: HostsEntry[]; text: string } {
  const aliases: HostsEntry[] = pod.spec.hostAliases.map((a) => ({ ip: a.ip, names: [...a.hostnames] }));
  if (pod.spec.hostNetwork) {
    // hostNetwork pods see the node's /etc/hosts (and the node's hostname), plus hostAliases.
    const entries = [...(ctx.nodeHosts ?? []), ...aliases];
    return { entries, text: formatHosts(entries, HOST_NETWORK_HEADER) };
  }
  const entries: HostsEntry[] = [
    { ip: "127.0.0.1", names: ["localhost"] },
    { ip: "::1", names: ["localhost", "ip6-localhost", "ip6-loopback"] },
    { ip: "fe00::0", names: ["ip6-localnet"] },
    { ip: "fe00::0", names: ["ip6-mcastprefix"] },
    { ip: "fe00::1", names: ["ip6-allnodes"] },
    { ip: "fe00::2", names: ["ip6-allrouters"] },
  ];
  const hostname = podHostname(pod);
  const domain =
    pod.spec.subdomain && ctx.clusterDomain
      ? `${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${ctx.clusterDomain}`
      : "";
  for (const ip of pod.status.podIPs) {
    entries.push({ ip, names: domain ? [`${hostname}.${domain}`, hostname] : [hostname] });
  }
  let text = formatHosts(entries, MANAGED_HEADER);
  if (aliases.length > 0) text += `\n# Entries added by HostAliases.\n${formatHosts(aliases)}`;
  return { entries: [...entries, ...aliases], text };
}
