/** The settings of a `cluster PROFILE { ... }` block; anything unset takes the profile's default. */
import type { ItemNode, Statement } from "../../ast.js";
import { SourceFiles } from "../../files.js";
import type { ClusterSettings } from "../../plan.js";
import type { SettingCtx } from "../context.js";
import { isCidr } from "../literals.js";
import { inlineText } from "../manifests.js";
import { Cursor, expects, named, textOf } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

/** A setting's items, commas dropped, with the first one as text. */
function valuesOf(k: Statement) {
  const vals = k.items.filter((i) => i.$type !== "Comma");
  return { vals, v: vals[0], str: textOf(vals[0]) };
}

function int(k: Statement, sc: SettingCtx): number | undefined {
  const { v } = valuesOf(k);
  if (v?.$type === "Word" && /^\d+$/.test(v.value)) return Number(v.value);
  return expects({ st: k, ctx: sc.ctx }, "a whole number");
}

function cidrs(k: Statement, sc: SettingCtx): string[] {
  return valuesOf(k).vals.map((x: ItemNode) => {
    const s = textOf(x) ?? "";
    if (!isCidr(s)) sc.ctx.session.error("check/invalid-cidr", `\`${s}\` is not a valid CIDR`, x.$span);
    return s;
  });
}

/** One of a fixed set of words (`resolver glibc`). */
function choice(k: Statement, sc: SettingCtx, options: string[]): string | undefined {
  const { str } = valuesOf(k);
  if (str !== undefined && options.includes(str)) return str;
  sc.ctx.session.unknown("check/invalid-value", `${k.head} value`, str ?? "", k.$span, options);
  return undefined;
}

type Setting = StatementSpec<SettingCtx>;

const setting = (
  head: string,
  syntax: string,
  summary: string,
  example: string,
  compile: (k: Statement, sc: SettingCtx, c: ClusterSettings) => void,
): Setting => ({
  head,
  syntax: `${head} ${syntax}`,
  summary,
  example,
  compile: (k, sc) => compile(k, sc, sc.settings),
});

/**
 * The releases whose API rule differences the engine gates (engine/cluster/intake/version.ts; the
 * CLI's --kubernetes-version takes the same, cli/cluster-options.ts).
 */
const KUBERNETES_VERSIONS = ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34"];

const DNS_POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];

function corefile(k: Statement, sc: SettingCtx, c: ClusterSettings): void {
  const { vals, v } = valuesOf(k);
  if (v?.$type === "BlockString") {
    c.corefile = inlineText(v, k.$span.file);
    return;
  }
  if (v?.$type !== "Word" || v.value !== "file") {
    expects({ st: k, ctx: sc.ctx }, 'file "path" or """Corefile"""');
    return;
  }
  const p = named("corefile path").take(new Cursor(k, sc.ctx, vals.slice(1)));
  if (p === undefined) return;
  const full = SourceFiles.resolve(k.$span.file, p);
  const m = sc.ctx.files.manifestFile(full);
  if (m === undefined)
    sc.ctx.session.error("check/missing-file", `corefile ${p} does not exist`, vals[1]!.$span);
  c.corefile = m ?? { path: full, text: "", line: 1, column: 0 };
}

/** `network """yaml"""` or `network file "PATH"`: the Network CR an OpenShift cluster is installed with. */
function network(k: Statement, sc: SettingCtx, c: ClusterSettings): void {
  const { vals, v } = valuesOf(k);
  if (v?.$type === "BlockString") {
    c.network = inlineText(v, k.$span.file);
    return;
  }
  if (v?.$type !== "Word" || v.value !== "file") {
    expects({ st: k, ctx: sc.ctx }, 'file "path" or """Network manifests"""');
    return;
  }
  const p = named("network manifest path").take(new Cursor(k, sc.ctx, vals.slice(1)));
  if (p === undefined) return;
  const full = SourceFiles.resolve(k.$span.file, p);
  const m = sc.ctx.files.manifestFile(full);
  if (m === undefined)
    sc.ctx.session.error("check/missing-file", `network ${p} does not exist`, vals[1]!.$span);
  c.network = m ?? { path: full, text: "", line: 1, column: 0 };
}

/**
 * Kubernetes' documented scalability limit, "No more than 5,000 nodes"
 * (https://kubernetes.io/docs/setup/best-practices/cluster-large/). Without a bound the checker built
 * a scope of 2^31 node names for `nodes 2147483648` and never finished (found by fuzzing).
 */
export const MAX_NODES = 5000;

/** In the order the "did you mean" list offers them. */
export const CLUSTER_SETTINGS: readonly Setting[] = [
  setting("nodes", "N", "total nodes, control plane included.", "nodes 4", (k, sc, c) => {
    const n = int(k, sc);
    if (n !== undefined && (n < 1 || n > MAX_NODES)) {
      sc.ctx.session.error("check/invalid-value", `\`nodes\` must be 1 to ${MAX_NODES}, got ${n}`, k.$span);
      return;
    }
    c.nodes = n;
  }),
  setting(
    "service-cidr",
    "CIDR, ...",
    "the Service CIDRs (one per family).",
    "service-cidr 10.96.0.0/16, fd00:10:96::/112",
    (k, sc, c) => {
      c.serviceCidrs = cidrs(k, sc);
    },
  ),
  setting("pod-cidr", "CIDR, ...", "the cluster's pod CIDRs.", "pod-cidr 10.244.0.0/16", (k, sc, c) => {
    c.podCidrs = cidrs(k, sc);
  }),
  setting(
    "host-prefix",
    "BITS",
    "per-node pod CIDR mask size (OpenShift hostPrefix, node-cidr-mask-size).",
    "host-prefix 24",
    (k, sc, c) => {
      c.hostPrefix = int(k, sc);
    },
  ),
  setting(
    "cluster-domain",
    "DOMAIN",
    "the cluster DNS domain.",
    "cluster-domain cluster.local",
    (k, _sc, c) => {
      c.clusterDomain = valuesOf(k).str;
    },
  ),
  setting(
    "corefile",
    'file "PATH" | """Corefile"""',
    "the CoreDNS Corefile, from a file or inline.",
    'corefile file "Corefile"',
    corefile,
  ),
  setting(
    "network",
    'file "PATH" | """YAML"""',
    "OpenShift: the install's Network CR (config.openshift.io/v1 `cluster`, optionally operator.openshift.io/v1); its clusterNetwork, hostPrefix, serviceNetwork and networkType shape the cluster.",
    'network file "cluster-network-02-config.yml"',
    network,
  ),
  setting(
    "dns-policy",
    DNS_POLICIES.join(" | "),
    "default dnsPolicy of pods that set none.",
    "dns-policy ClusterFirst",
    (k, sc, c) => {
      c.dnsPolicy = choice(k, sc, DNS_POLICIES) as ClusterSettings["dnsPolicy"];
    },
  ),
  setting(
    "resolver",
    "glibc | musl",
    "default stub resolver of pods (netspec.io/resolver overrides).",
    "resolver musl",
    (k, sc, c) => {
      c.resolver = choice(k, sc, ["glibc", "musl"]) as ClusterSettings["resolver"];
    },
  ),
  setting(
    "proxy-mode",
    "iptables | ipvs | nftables",
    "kube-proxy's mode.",
    "proxy-mode nftables",
    (k, sc, c) => {
      c.proxyMode = choice(k, sc, ["iptables", "ipvs", "nftables"]) as ClusterSettings["proxyMode"];
    },
  ),
  setting(
    "cni",
    "NAME",
    "NetworkPolicy implementation profile, for known divergences.",
    "cni calico",
    (k, _sc, c) => {
      c.cni = valuesOf(k).str;
    },
  ),
  setting("ip-family", "ipv4 | ipv6 | dual", "the cluster's IP families.", "ip-family dual", (k, sc, c) => {
    const f = choice(k, sc, ["ipv4", "ipv6", "dual"]);
    if (f) c.ipFamily = f as ClusterSettings["ipFamily"];
  }),
  setting(
    "kubernetes-version",
    KUBERNETES_VERSIONS.join(" | "),
    "the Kubernetes release whose API rules admission follows (default 1.31, the local target's).",
    "kubernetes-version 1.33",
    (k, sc, c) => {
      c.kubernetesVersion = choice(k, sc, KUBERNETES_VERSIONS);
    },
  ),
  setting(
    "node-resolv-conf",
    '"""TEXT"""',
    "the nodes' own /etc/resolv.conf (dnsPolicy Default pods, forward . /etc/resolv.conf).",
    'node-resolv-conf """ nameserver 172.18.0.1 """',
    (k, sc, c) => {
      const { v } = valuesOf(k);
      c.nodeResolvConf =
        v?.$type === "BlockString" || v?.$type === "String"
          ? v.value
          : expects({ st: k, ctx: sc.ctx }, "a string");
    },
  ),
];
