/** `netspec run`'s flags as run options: numbers checked, reporters parsed, usage errors said once. */
import { availableParallelism } from "node:os";
import type { Plan } from "../dsl/index.js";
import { UsageError } from "./usage-error.js";

export interface RunFlags {
  target: string[];
  reporter: string[];
  tags?: string;
  grep?: string;
  parallel?: string;
  seed: string;
  bail?: boolean;
  shard?: string;
  color: boolean;
  verbose?: boolean;
  jsonTimings?: boolean;
  timeout?: string;
  caseTimeout?: string;
  within?: string;
  retries?: string;
  watch?: boolean;
  dryRun?: boolean;
  kindCluster?: string;
  keep?: boolean;
  allowContext?: string;
  allowClusterChanges?: boolean;
  probeImage?: string;
  corednsVersion?: string;
  passWithNoTests?: boolean;
  config?: string;
  var: string[];
  update?: boolean;
  proxyMode?: string;
}

const PROXY_MODES = ["iptables", "nftables", "ipvs"] as const;
type ProxyMode = (typeof PROXY_MODES)[number];

export function parseRunFlags(flags: RunFlags) {
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got "${flags.seed}"`);
  let parallel = availableParallelism();
  if (flags.parallel !== undefined) {
    parallel = Number(flags.parallel);
    if (!Number.isInteger(parallel) || parallel < 1)
      throw new UsageError(`--parallel must be a positive integer, got "${flags.parallel}"`);
  }
  const timeout = Number(flags.timeout ?? "60");
  if (!(timeout > 0))
    throw new UsageError(`--timeout must be a positive number of seconds, got "${flags.timeout}"`);
  const seconds = (flag: string, text: string | undefined, min: number) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(n >= min)) throw new UsageError(`${flag} must be a number of seconds >= ${min}, got "${text}"`);
    return n * 1000;
  };
  const retries = Number(flags.retries ?? "0");
  if (!Number.isInteger(retries) || retries < 0)
    throw new UsageError(`--retries must be a non-negative integer, got "${flags.retries}"`);
  const caseTimeoutMs = seconds("--case-timeout", flags.caseTimeout, 0.001);
  const withinMs = seconds("--within", flags.within, 0);
  const proxyMode = flags.proxyMode as ProxyMode | undefined;
  if (proxyMode !== undefined && !PROXY_MODES.includes(proxyMode))
    throw new UsageError(`--proxy-mode must be one of ${PROXY_MODES.join(", ")}, got "${flags.proxyMode}"`);
  return { seed, parallel, timeoutMs: timeout * 1000, caseTimeoutMs, withinMs, retries, proxyMode };
}

/**
 * `--proxy-mode`: every suite's cluster block with this kube-proxy mode, whatever it sets, so one
 * set of suites compares implementations (iptables against nftables) without editing them.
 */
export function withProxyMode(plan: Plan, mode: ProxyMode | undefined): Plan {
  if (!mode) return plan;
  return {
    ...plan,
    files: plan.files.map((f) => ({
      ...f,
      suites: f.suites.map((s) => ({ ...s, cluster: { ...s.cluster, proxyMode: mode } })),
    })),
  };
}

/** What `--reporter` asks for: one console style and the report files. */
export interface ReporterChoice {
  /** `console` (listing, recap, progress), `quiet` (failures and the summary only), `dot`, or none. */
  console?: "console" | "quiet" | "dot";
  junit: string[];
  json: string[];
  markdown: string[];
  html: string[];
}

const CONSOLE_STYLES = ["console", "quiet", "dot"] as const;

export function parseReporters(specs: string[]): ReporterChoice {
  const out: ReporterChoice = {
    console: specs.length === 0 ? "console" : undefined,
    junit: [],
    json: [],
    markdown: [],
    html: [],
  };
  for (const spec of specs) {
    const [kind, ...rest] = spec.split(":");
    const file = rest.join(":");
    const style = CONSOLE_STYLES.find((s) => s === kind);
    if (style && !file) {
      if (out.console && out.console !== style)
        throw new UsageError(
          `--reporter ${style} and --reporter ${out.console} both write to the console: pick one`,
        );
      out.console = style;
    } else if ((kind === "junit" || kind === "json" || kind === "markdown" || kind === "html") && file)
      out[kind].push(file);
    else
      throw new UsageError(
        `unknown reporter "${spec}" (use console, quiet, dot, junit:FILE, json:FILE, markdown:FILE or html:FILE)`,
      );
  }
  return out;
}
