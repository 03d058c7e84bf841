/**
 * The cluster flags shared by `serve`, `resolve`, `reach` and `trace` (DESIGN.md command-line
 * contract), and turning them plus `--manifests` into a running reference engine.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve as resolvePath } from "node:path";
import { Option, type Command } from "commander";
import {
  createEngine,
  EngineError,
  type ClusterSpec,
  type Engine,
  parseCorefile,
  type SourceText,
  type UpstreamEntry,
} from "../engine/index.js";
import { UsageError } from "./usage-error.js";

export interface ClusterFlags {
  manifests?: string[];
  profile: string;
  corefile?: string;
  network?: string;
  serviceCidr?: string;
  podCidr?: string;
  clusterDomain?: string;
  nodes?: string;
  resolver?: string;
  cni?: string;
  bare?: boolean;
  seed: string;
  kubernetesVersion?: string;
  upstream?: string;
}

const profiles = ["kubeadm", "kind", "openshift", "custom"] as const;

/**
 * Adds the shared cluster flags to a command (`manifests: false` for commands that take their
 * manifests another way, as `apply -f` does).
 */
export function addClusterFlags(command: Command, opts: { manifests?: boolean } = {}): Command {
  if (opts.manifests !== false)
    command.requiredOption("--manifests <paths...>", "manifest files or directories (YAML, multi-document)");
  return command
    .addOption(new Option("--profile <profile>", "cluster profile").choices(profiles).default("kubeadm"))
    .option("--corefile <file>", "serve this Corefile instead of the profile's default")
    .option(
      "--network <file>",
      "openshift: the install's Network CR (config.openshift.io/v1 cluster): its CIDRs and network type shape the cluster",
    )
    .option("--service-cidr <cidrs>", "service CIDR(s), comma-separated for dual-stack")
    .option("--pod-cidr <cidrs>", "pod CIDR(s), comma-separated for dual-stack")
    .option("--cluster-domain <domain>", "cluster domain (default cluster.local)")
    .option("--nodes <n>", "number of nodes, control plane included")
    .addOption(new Option("--resolver <libc>", "default stub resolver of pods").choices(["glibc", "musl"]))
    .option("--cni <profile>", "NetworkPolicy implementation profile (calico, cilium, ...)")
    .option(
      "--bare",
      "only namespaces, nodes and the manifests: no kubernetes/DNS Services or CoreDNS pods (the Corefile is served as a standalone CoreDNS)",
    )
    .option(
      "--upstream <file>",
      "the upstream world forward answers from: the JSON state file `netspec local upstream-world` serves ({ records: [{ name, type, data, ttl?, rcode? }] })",
    )
    .option("--seed <n>", "seed for every random choice", "1")
    .option(
      "--kubernetes-version <version>",
      `the Kubernetes release whose API rules admission follows (default ${DEFAULT_KUBERNETES_VERSION}, the local target's)`,
    );
}

/** The Kubernetes releases admission knows the rules of (their differences are gated by version). */
export const KUBERNETES_VERSIONS = ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34"];
export const DEFAULT_KUBERNETES_VERSION = "1.31";

/** `--kubernetes-version 1.33` (or v1.33.2) → `1.33`; anything else is a usage error. */
export function kubernetesVersionFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(value.trim());
  const v = m ? `${m[1]}.${m[2]}` : "";
  if (!KUBERNETES_VERSIONS.includes(v))
    throw new UsageError(
      `--kubernetes-version must be one of ${KUBERNETES_VERSIONS.join(", ")}, got "${value}"`,
    );
  return v;
}

/** Every manifest file under the given paths: files as given, directories recursively, sorted. */
export function manifestFiles(paths: string[], cwd: string): string[] {
  const out: string[] = [];
  const visit = (path: string, explicit: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`no such file or directory: ${relative(cwd, path) || path}`);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name), false);
    } else if (explicit || /\.(ya?ml|json)$/i.test(path)) {
      out.push(path);
    }
  };
  for (const p of paths) visit(resolvePath(cwd, p), true);
  return out;
}

function cidrs(value: string | undefined): string[] | undefined {
  return value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/**
 * The files a Corefile's `file` directives name, and the `$INCLUDE`s inside them, read from disk as
 * the CoreDNS binary would (relative paths from the working directory; an include from its file's
 * directory). Unreadable files are left out: plugin/file then reports them missing. An unparsable
 * Corefile yields none (the engine reports the Corefile's error).
 */
function zoneFiles(corefile: string, cwd: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const read = (path: string, from: string, depth: number) => {
    const full = resolvePath(from, path);
    if (path in out || depth > 7) return;
    try {
      out[path] = readFileSync(full, "utf8");
    } catch {
      return;
    }
    for (const m of out[path].matchAll(/^\$INCLUDE\s+(\S+)/gim)) {
      const inc = m[1]!;
      read(inc.startsWith("/") ? inc : join(dirname(path), inc), cwd, depth + 1);
    }
  };
  try {
    for (const b of parseCorefile(corefile))
      for (const d of b.directives) if (d.name === "file" && d.args[0]) read(d.args[0], cwd, 0);
  } catch {
    return undefined;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The flags as a cluster block and manifest sources (what `engineFromFlags` and `local up` build from). */
export function clusterFromFlags(
  flags: ClusterFlags,
  cwd: string,
): { seed: number; spec: ClusterSpec; sources: SourceText[] } {
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${flags.seed}"`);
  let nodes: number | undefined;
  if (flags.nodes !== undefined) {
    nodes = Number(flags.nodes);
    if (!Number.isInteger(nodes) || nodes < 1)
      throw new UsageError(`--nodes must be a positive integer, got "${flags.nodes}"`);
  }
  const display = (path: string) => relative(cwd, path) || path;
  const readFlag = (flag: string, file: string | undefined): SourceText | undefined => {
    if (!file) return undefined;
    const path = resolvePath(cwd, file);
    try {
      return { path: display(path), text: readFileSync(path, "utf8"), line: 1, column: 0 };
    } catch {
      throw new UsageError(`cannot read ${flag} ${file}`);
    }
  };
  const corefile = readFlag("--corefile", flags.corefile);
  const corednsFiles = corefile ? zoneFiles(corefile.text, cwd) : undefined;
  const network = readFlag("--network", flags.network);
  if (network && flags.profile !== "openshift")
    throw new UsageError("--network is the OpenShift install's Network CR: use it with --profile openshift");
  const spec: ClusterSpec = {
    profile: flags.profile as ClusterSpec["profile"],
    nodes,
    serviceCidrs: cidrs(flags.serviceCidr),
    podCidrs: cidrs(flags.podCidr),
    clusterDomain: flags.clusterDomain,
    corefile,
    ...(corednsFiles ? { corednsFiles } : {}),
    network,
    resolver: flags.resolver as ClusterSpec["resolver"],
    cni: flags.cni,
    addons: flags.bare ? false : undefined,
    kubernetesVersion: kubernetesVersionFlag(flags.kubernetesVersion),
  };
  const sources = manifestFiles(flags.manifests ?? [], cwd).map((path) => ({
    path: display(path),
    text: readFileSync(path, "utf8"),
    line: 1,
    column: 0,
  }));
  return { seed, spec, sources };
}

/** Builds the engine from the flags; EngineErrors propagate for the caller to render. */
export function engineFromFlags(flags: ClusterFlags, cwd: string): Engine {
  const { seed, spec, sources } = clusterFromFlags(flags, cwd);
  const engine = createEngine(spec, { seed, upstream: upstreamFlag(flags.upstream, cwd) });
  try {
    engine.apply(sources);
  } catch (e) {
    const help = e instanceof EngineError ? clusterIpHelp(e.message, flags) : undefined;
    if (help && e instanceof EngineError)
      throw new EngineError(`${e.message}\n  help: ${help}`, e.code, e.location, e.fieldPath);
    throw e;
  }
  return engine;
}

/** `--upstream FILE`: the records of an upstream-world state file. */
function upstreamFlag(file: string | undefined, cwd: string): UpstreamEntry[] {
  if (!file) return [];
  let state: { records?: unknown };
  try {
    state = JSON.parse(readFileSync(resolvePath(cwd, file), "utf8")) as { records?: unknown };
  } catch (e) {
    throw new UsageError(`cannot read --upstream ${file}: ${(e as Error).message}`);
  }
  if (!Array.isArray(state.records))
    throw new UsageError(
      `--upstream ${file}: expected { "records": [...] }, as netspec local upstream-world reads`,
    );
  return state.records as UpstreamEntry[];
}

/**
 * Manifests written for another cluster (a test fixture, CoreDNS's own fake clusters) often pin
 * cluster IPs outside this profile's service CIDR or on its add-ons' addresses: say which flag helps.
 */
function clusterIpHelp(message: string, flags: ClusterFlags): string | undefined {
  if (flags.bare) return undefined;
  if (message.includes("provided IP is not in the valid range"))
    return "set --service-cidr to the range these manifests use, or --bare to take pinned cluster IPs as written";
  if (message.includes("provided IP is already allocated"))
    return "the profile's own Services hold .1 (kubernetes) and .10 (DNS) of the service CIDR; --bare serves only your manifests";
  return undefined;
}

/** `ns/name` → parts (a bare name means namespace default); `node/NAME` is a node. */
export function parseSourceRef(
  value: string,
): { pod: { namespace: string; name: string } } | { node: string } {
  if (value.startsWith("node/")) return { node: value.slice(5) };
  const parts = value.split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) {
    throw new UsageError(`expected NAMESPACE/POD (or node/NAME), got "${value}"`);
  }
  return parts.length === 2
    ? { pod: { namespace: parts[0]!, name: parts[1]! } }
    : { pod: { namespace: "default", name: parts[0]! } };
}

export { EngineError };
