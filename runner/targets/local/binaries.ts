/**
 * Where the local target's Go modules and binary cache are, for the CLI: the modules ship inside the
 * package (runner/targets/local/controlplane); the binaries go to NETSPEC_CACHE, else
 * `$XDG_CACHE_HOME/netspec`, else `~/.cache/netspec` — outside the checkout, so a fresh clone (or CI
 * on a clean checkout) reuses what an earlier build made.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execaRunner } from "../kube/index.js";
import { buildComponents, type ComponentSet } from "./build.js";
import { buildImages } from "./images/index.js";

/** The directory holding netspec's package.json (source checkout or installed package). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "netspec")
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find netspec's package root");
    dir = up;
  }
}

export function cacheDir(env: Record<string, string | undefined>): string {
  return env.NETSPEC_CACHE ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), ".cache"), "netspec");
}

/**
 * Build (or reuse) the components of `set` (default: the control plane today's local target runs;
 * `cluster`: also the real nodes' kubelet, kube-proxy, containerd, runc, CNI plugins, agnhost and
 * pause, and the images made from them: `images` is their OCI layout); component → binary path.
 */
export async function localBinaries(o: {
  corednsVersion: string;
  set?: ComponentSet;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  timing?: (component: string, ms: number) => void;
  signal?: AbortSignal;
}): Promise<Record<string, string>> {
  const root = packageRoot();
  const cache = cacheDir(o.env ?? {});
  const runner = execaRunner();
  const bins = await buildComponents({
    root,
    cacheDir: cache,
    corednsVersion: o.corednsVersion,
    set: o.set,
    runner,
    host: {
      exists: (p) => existsSync(p),
      mkdir: (p) => mkdirSync(p, { recursive: true }),
      writeFile: (p, t) => writeFileSync(p, t),
      readFile: (p) => readFileSync(p, "utf8"),
    },
    log: o.log,
    timing: o.timing,
    now: () => performance.now(),
    signal: o.signal,
  });
  if (o.set !== "cluster") return bins;
  const images = await buildImages({
    cacheDir: cache,
    bins,
    runner,
    log: o.log,
    timing: o.timing,
    now: () => performance.now(),
    signal: o.signal,
  });
  return { ...bins, images: images.layout };
}
