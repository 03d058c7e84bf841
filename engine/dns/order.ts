/**
 * The fixed plugin execution order of CoreDNS's plugin.cfg (directive names only). Whatever order a
 * Corefile lists directives in, a server block's chain runs them in this order.
 * Source: coredns/coredns plugin.cfg at 4b26cced32717eac6dd725e308d7415c8b9db147 (v1.14.7 line):
 * rewrite and autopath run before cache there.
 */
export const PLUGIN_ORDER: readonly string[] = [
  "root",
  "metadata",
  "geoip",
  "cancel",
  "proxyproto",
  "quic",
  "grpc_server",
  "https",
  "https3",
  "timeouts",
  "multisocket",
  "reload",
  "nsid",
  "bufsize",
  "bind",
  "debug",
  "trace",
  "ready",
  "health",
  "pprof",
  "shed",
  "prometheus",
  "errors",
  "log",
  "dnstap",
  "local",
  "dns64",
  "any",
  "chaos",
  "loadbalance",
  "tsig",
  "rewrite",
  "autopath",
  "acl",
  "cache",
  "header",
  "dnssec",
  "tls",
  "minimal",
  "template",
  "transfer",
  "hosts",
  "route53",
  "azure",
  "clouddns",
  "k8s_external",
  "kubernetes",
  "file",
  "auto",
  "secondary",
  "etcd",
  "loop",
  "forward",
  "grpc",
  "erratic",
  "whoami",
  "on",
  "sign",
  "view",
  "nomad",
];

const INDEX = new Map(PLUGIN_ORDER.map((n, i) => [n, i]));

/** Position of a directive in plugin.cfg, or undefined for a directive CoreDNS does not know. */
export function pluginRank(name: string): number | undefined {
  return INDEX.get(name);
}
