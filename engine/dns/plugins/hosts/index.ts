/**
 * plugin/hosts (hosts.go ServeDNS, setup.go), per dns-behaviour.md §11.7:
 * - `hosts [FILE [ZONES...]] { INLINE...; ttl SECONDS; no_reverse; reload DURATION; fallthrough [ZONES] }`;
 * - FILE: only `/etc/hosts` of the CoreDNS pod is modelled (localhost lines only, as kubelet writes
 *   for a `dnsPolicy: Default` pod without hostAliases); other paths fail loudly;
 * - names outside the plugin's zones go on (PTR queries are checked regardless of zones); PTR for an
 *   unknown address goes on regardless of fallthrough;
 * - A/AAAA from the data, PTR from the reverse map; a `*.` entry matches exactly one label in its
 *   place (not the apex), exact entries first;
 * - no answer but the name has other address records → authoritative NODATA; name unknown →
 *   fallthrough when configured, else SERVFAIL returned unwritten (hosts.go: "we don't have a SOA, so
 *   we make it SERVFAIL"; every hosts.go version read says so, although dns-behaviour.md §11.7 says
 *   NXDOMAIN). Replies are AA with TTL `ttl` (default 3600);
 * - entries outside the plugin's zones are ignored; an IPv4-mapped IPv6 address is an A record.
 */
import type { ResourceRecord } from "../../message.js";
import type {
  Directive,
  DnsRequest,
  DnsResult,
  Next,
  Plugin,
  PluginFactory,
  ServerBlock,
} from "../../plugin.js";
import {
  durationArg,
  exactArgs,
  fail,
  intArg,
  isSubdomain,
  matchZone,
  normalizeZone,
  replyTo,
  unknownOption,
} from "../shared/index.js";
import { addHostsLines, addressFromReverse, emptyHosts } from "./hostsfile.js";
import type { HostsData } from "./hostsfile.js";

/** The CoreDNS pod's /etc/hosts as kubelet writes it (kubelet_pods.go managedHostsHeader + defaults). */
export const COREDNS_POD_ETC_HOSTS = [
  "# Kubernetes-managed hosts file.",
  "127.0.0.1\tlocalhost",
  "::1\tlocalhost ip6-localhost ip6-loopback",
  "fe00::0\tip6-localnet",
  "fe00::0\tip6-mcastprefix",
  "fe00::1\tip6-allnodes",
  "fe00::2\tip6-allrouters",
].join("\n");

const OPTIONS = new Set(["ttl", "no_reverse", "reload", "fallthrough"]);

/** hostsfile.go lookupStaticHostLocked: the exact name, else the `*.` pattern of its parent. */
function lookupOne(map: Map<string, string[]>, qname: string): string[] {
  const n = qname.toLowerCase();
  const exact = map.get(n);
  if (exact) return exact;
  const dot = n.indexOf(".");
  if (dot <= 0 || dot === n.length - 1) return [];
  return map.get(`*.${n.slice(dot + 1)}`) ?? [];
}

/** lookupStaticHostFamily: results from the file, then from the inline entries. */
function lookup(maps: Map<string, string[]>[], qname: string): string[] {
  return maps.flatMap((m) => lookupOne(m, qname));
}

interface HostsConfig {
  zones: string[];
  ttl: number;
  reverse: boolean;
  fall: string[] | undefined;
  /** Inline hosts lines from the block. */
  inline: string[];
}

/** setup.go hostsParse: FILE, ZONES, and the block's options and inline lines. */
function parseHosts(d: Directive, block: ServerBlock): HostsConfig {
  const path = d.args[0] ?? "/etc/hosts";
  if (path !== "/etc/hosts")
    fail(d, `only the CoreDNS pod's /etc/hosts is modelled, not '${path}' (use inline entries)`);
  const zones = d.args.length > 1 ? d.args.slice(1).map(normalizeZone) : [...block.zones];
  const cfg: HostsConfig = { zones, ttl: 3600, reverse: true, fall: undefined, inline: [] };
  for (const o of d.block) {
    if (!OPTIONS.has(o.name)) {
      // setup.go: anything that is not an option is an inline hosts line (its first token an IP).
      if (!/^[0-9a-fA-F.:]+$/.test(o.name)) unknownOption("hosts", o);
      cfg.inline.push([o.name, ...o.args].join(" "));
      continue;
    }
    switch (o.name) {
      case "ttl":
        exactArgs(o, 1, "hosts");
        cfg.ttl = intArg(o, o.args[0]!, "hosts");
        if (cfg.ttl <= 0 || cfg.ttl > 65535) fail(o, `ttl provided is invalid: ${cfg.ttl}`);
        break;
      case "no_reverse":
        exactArgs(o, 0, "hosts");
        cfg.reverse = false;
        break;
      case "reload":
        exactArgs(o, 1, "hosts");
        durationArg(o, o.args[0]!, "hosts");
        break;
      case "fallthrough":
        cfg.fall = o.args.length ? o.args.map(normalizeZone) : ["."];
        break;
    }
  }
  return cfg;
}

/** hosts.go Hosts: the file's and the inline entries, and ServeDNS over them. */
class Hosts implements Plugin {
  readonly name = "hosts";
  private readonly file: HostsData = emptyHosts();
  private readonly inl: HostsData = emptyHosts();

  constructor(private readonly cfg: HostsConfig) {
    // Two maps as in hostsfile.go (hmap from the file, inline from the Corefile); lookups concatenate
    // the file's results and then the inline ones.
    addHostsLines(this.file, COREDNS_POD_ETC_HOSTS, cfg.reverse, cfg.zones);
    addHostsLines(this.inl, cfg.inline.join("\n"), cfg.reverse, cfg.zones);
  }

  serve(req: DnsRequest, next: Next): DnsResult {
    const { qname } = req;
    const { zones, fall } = this.cfg;
    if (!matchZone(zones, qname) && req.qtype !== "PTR") return next(req);
    const v4 = lookup([this.file.v4, this.inl.v4], qname);
    const v6 = lookup([this.file.v6, this.inl.v6], qname);
    let answers: ResourceRecord[] = [];
    if (req.qtype === "PTR") {
      const ip = addressFromReverse(qname);
      const names = ip ? [...(this.file.byAddr.get(ip) ?? []), ...(this.inl.byAddr.get(ip) ?? [])] : [];
      if (!names.length) return next(req);
      answers = this.records(qname, "PTR", names);
    } else if (req.qtype === "A") answers = this.records(qname, "A", v4);
    else if (req.qtype === "AAAA") answers = this.records(qname, "AAAA", v6);
    if (!answers.length && v4.length === 0 && v6.length === 0) {
      if (fall && fall.some((z) => isSubdomain(z, qname))) return next(req);
      // hosts.go: "We want to send an NXDOMAIN, but because of /etc/hosts' setup we don't have a SOA,
      // so we make it SERVFAIL" — returned unwritten; the server writes the bare SERVFAIL.
      return {
        kind: "error",
        rcode: "SERVFAIL",
        by: "hosts",
        notes: [`plugin/hosts: ${qname} is not in the hosts data`],
      };
    }
    const m = replyTo(req.msg);
    m.flags.aa = true;
    m.answer = answers;
    return { kind: "reply", msg: m, by: "hosts" };
  }

  private records(qname: string, type: "A" | "AAAA" | "PTR", values: string[]): ResourceRecord[] {
    const ttl = this.cfg.ttl;
    return values.map((v) =>
      type === "PTR"
        ? { name: qname, type, class: "IN", ttl, data: { type, target: v } }
        : { name: qname, type, class: "IN", ttl, data: { type, address: v } },
    );
  }
}

export const hostsPlugin = {
  name: "hosts",
  setup: (d, block, _env) => new Hosts(parseHosts(d, block)),
} satisfies PluginFactory;
