/**
 * What the local cluster's integration test needs besides the cluster: the built binaries (found,
 * never built: a test does not start a 10-minute build), kubectl against the handle, and the check
 * that a run left nothing behind — no namespace, mount, process, shim, cgroup or nft table.
 */
import { execa } from "execa";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cacheDir, packageRoot } from "../binaries.js";
import { buildComponents } from "../build.js";
import { OciLayout } from "../images/index.js";
import { mountsUnder, shimsOf } from "./cleanup.js";
import type { ClusterHandle } from "./cluster.js";
import { processStartTime, type JournalEntry } from "./journal.js";

/** The cluster set's binaries as `netspec local build` left them, and which are missing. */
export async function clusterBinaries(
  env: Record<string, string | undefined>,
): Promise<{ bins: Record<string, string>; missing: string[] }> {
  const cache = cacheDir(env);
  const wouldBuild: string[] = [];
  const bins = await buildComponents({
    root: packageRoot(),
    cacheDir: cache,
    set: "cluster",
    host: {
      exists: existsSync,
      mkdir: () => undefined,
      writeFile: () => undefined,
      readFile: (p) => readFileSync(p, "utf8"),
    },
    runner: {
      run: async (argv) => {
        const out = /-o '([^']+)'/.exec(argv[2] ?? "")?.[1];
        if (out) wouldBuild.push(out);
        // host-tool probes pass (nothing is built here); musl-gcc's build "fails" without building.
        return { code: /musl-gcc/.test(argv[2] ?? "") ? 1 : 0, stdout: "", stderr: "" };
      },
    },
  });
  const missing = Object.entries(bins)
    .filter(([, p]) => wouldBuild.includes(p))
    .map(([n]) => n);
  if (existsSync(`${cache}/bin/musl-lookup`)) bins["musl-lookup"] = `${cache}/bin/musl-lookup`;
  const layout = `${cache}/images/oci`;
  const images = ["pause", "base", "agnhost", "coredns"];
  if (!existsSync(`${layout}/index.json`) || images.some((i) => !new OciLayout(layout).lookup(i)))
    missing.push("images");
  else bins.images = layout;
  return { bins, missing };
}

/** kubectl (`bin`) with the cluster's kubeconfig; throws with stderr on failure. */
export async function kubectl(
  bin: string,
  h: ClusterHandle,
  args: string[],
  input?: string,
): Promise<string> {
  const r = await execa(bin, ["--kubeconfig", h.kubeconfig, ...args], { reject: false, input });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${String(r.stderr)}`);
  return String(r.stdout);
}

/** Poll until `cond` holds (at most `ms`). */
export async function waitFor(what: string, cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface Leftovers {
  journal: string;
  workDir: string;
}

/** Throws naming whatever of the journal's resources still exists. */
export async function ensureGone(entries: JournalEntry[], workDir: string): Promise<void> {
  const left: string[] = [];
  const netns = existsSync("/run/netns") ? readdirSync("/run/netns") : [];
  for (const e of entries) {
    if (e.kind === "process" && processStartTime(e.pid) === e.startTime)
      left.push(`process ${e.name} (${e.pid})`);
    if (e.kind === "netns" && netns.includes(e.name)) left.push(`netns ${e.name}`);
    if (e.kind === "host-dir" && existsSync(e.path)) left.push(`directory ${e.path}`);
    if (e.kind === "path" && existsSync(e.path)) left.push(`${e.path}`);
    if (e.kind === "containerd" && shimsOf(e.address).length) left.push(`shims of ${e.address}`);
    if (e.kind === "cgroup")
      for (const h of readdirSync("/sys/fs/cgroup"))
        if (existsSync(`/sys/fs/cgroup/${h}/${e.name}`)) left.push(`cgroup ${h}/${e.name}`);
    if (e.kind === "nft" && netns.includes(e.netns)) {
      const r = await execa("nsenter", [`--net=/run/netns/${e.netns}`, "nft", "list", "tables"], {
        reject: false,
      });
      if (String(r.stdout).trim()) left.push(`nft tables in ${e.netns}: ${String(r.stdout).trim()}`);
    }
  }
  left.push(...mountsUnder(workDir).map((m) => `mount ${m}`));
  if (left.length) throw new Error(`left behind:\n${left.join("\n")}`);
}
