/**
 * Where the local target's Go modules and binary cache are, for the CLI: the modules ship inside the
 * package (runner/targets/local/controlplane), the binaries go to `.netspec-cache/bin` under the
 * package root unless NETSPEC_CACHE names another directory.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execaRunner } from "../kube/index.js";
import { buildComponents } from "./build.js";

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

/** Build (or reuse) every component; component → binary path. */
export function localBinaries(o: {
  corednsVersion: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  signal?: AbortSignal;
}): Promise<Record<string, string>> {
  const root = packageRoot();
  return buildComponents({
    root,
    cacheDir: o.env?.NETSPEC_CACHE ?? join(root, ".netspec-cache"),
    corednsVersion: o.corednsVersion,
    runner: execaRunner(),
    host: {
      exists: (p) => existsSync(p),
      mkdir: (p) => mkdirSync(p, { recursive: true }),
      writeFile: (p, t) => writeFileSync(p, t),
    },
    log: o.log,
    signal: o.signal,
  });
}
