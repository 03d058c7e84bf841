/**
 * resolv.conf as the libcs read it and as kubelet writes it.
 * glibc resolv/res_init.c: `nameserver` lines accumulate up to MAXNS (3); the last `search`/`domain`
 * line wins; `options` accumulate. musl src/network/resolvconf.c: same keywords, at most 3
 * nameservers, lines longer than its 256-byte buffer are ignored, the search list is capped at 256
 * bytes. Limits on option values differ per libc (resolverOptions).
 */
import type { Libc, ResolvConf } from "./types.js";

export function parseResolvConf(text: string, libc: Libc = "glibc"): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split("\n")) {
    // musl reads lines into a 256-byte buffer and skips the rest of longer lines (dns-behaviour §13.2).
    if (libc === "musl" && raw.length > 255) continue;
    const line = raw.replace(/[#;].*$/, "").trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0]) {
      if (conf.nameservers.length < 3) conf.nameservers.push(rest[0]);
    } else if (key === "search" || key === "domain") {
      conf.search = key === "domain" ? rest.slice(0, 1) : rest;
    } else if (key === "options") {
      conf.options.push(...rest);
    }
  }
  if (libc === "musl") {
    const kept: string[] = [];
    let bytes = 0;
    for (const s of conf.search) {
      bytes += s.length + 1;
      if (bytes > 256) break;
      kept.push(s);
    }
    conf.search = kept;
  }
  return conf;
}

/** The file kubelet writes (pkg/kubelet/network/dns/dns.go formDNSConfig → resolv.conf text). */
export function formatResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.search.length > 0) lines.push(`search ${conf.search.join(" ")}`);
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  if (conf.options.length > 0) lines.push(`options ${conf.options.join(" ")}`);
  return `${lines.join("\n")}\n`;
}

export interface ResolverOptions {
  ndots: number;
  timeoutMs: number;
  attempts: number;
  rotate: boolean;
  singleRequest: boolean;
  singleRequestReopen: boolean;
  useVc: boolean;
  noTldQuery: boolean;
  edns0: boolean;
}

/** Option values with each libc's defaults and caps (glibc res_init.c RES_MAX*; musl resolvconf.c). */
export function resolverOptions(conf: ResolvConf, libc: Libc): ResolverOptions {
  const caps =
    libc === "glibc" ? { ndots: 15, timeout: 30, attempts: 5 } : { ndots: 15, timeout: 60, attempts: 10 };
  const o: ResolverOptions = {
    ndots: 1,
    timeoutMs: 5000,
    attempts: 2,
    rotate: false,
    singleRequest: false,
    singleRequestReopen: false,
    useVc: false,
    noTldQuery: false,
    edns0: false,
  };
  for (const opt of conf.options) {
    const [name, value] = opt.split(":");
    const n = value === undefined ? NaN : Number.parseInt(value, 10);
    switch (name) {
      case "ndots":
        if (Number.isFinite(n) && n >= 0) o.ndots = Math.min(n, caps.ndots);
        break;
      case "timeout":
        if (Number.isFinite(n) && n >= 1) o.timeoutMs = Math.min(n, caps.timeout) * 1000;
        break;
      case "attempts":
        if (Number.isFinite(n) && n >= 1) o.attempts = Math.min(n, caps.attempts);
        break;
      // musl knows only ndots, timeout and attempts (resolvconf.c); the rest are glibc's.
      case "rotate":
        o.rotate = libc === "glibc";
        break;
      case "single-request":
        o.singleRequest = libc === "glibc";
        break;
      case "single-request-reopen":
        o.singleRequestReopen = libc === "glibc";
        break;
      case "use-vc":
        o.useVc = libc === "glibc";
        break;
      case "no-tld-query":
        o.noTldQuery = libc === "glibc";
        break;
      case "edns0":
        o.edns0 = libc === "glibc";
        break;
    }
  }
  return o;
}
