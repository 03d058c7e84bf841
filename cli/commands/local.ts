/**
 * `netspec local build [--coredns-version V]`: build (or reuse) the local target's components from the
 * Go module proxy — etcd, kube-apiserver, kube-controller-manager, kubectl and CoreDNS, and for the
 * real local cluster kube-scheduler, kubelet, kube-proxy, containerd, runc, the CNI plugins, agnhost
 * and pause — and its images (pause, a Debian base image, agnhost, CoreDNS), print how long each
 * missing one took on stderr and a JSON map component → path on stdout. A second call is instant.
 *
 * `netspec local up --manifests PATH... [--corefile FILE] [cluster flags]`: the real cluster the local
 * target runs (control plane, nodes, CoreDNS), with the manifests applied and every namespace under its
 * own name; prints one JSON line `{"kubeconfig":"PATH","nodes":[{"name","ip","netns"}…]}` once the
 * pods run (`kubectl --kubeconfig PATH exec …` works), and stays up until Ctrl-C.
 */
import type { Command } from "commander";
import { join } from "node:path";
import {
  connectOutside,
  DEFAULT_COREDNS_VERSION,
  localBinaries,
  LocalTarget,
  serveOutside,
  serveUpstreamWorld,
  TargetError,
} from "../../runner/index.js";
import { addClusterFlags, clusterFromFlags, type ClusterFlags } from "../cluster-options.js";
import type { CliIo } from "../cli-io.js";
import { cleanRuns } from "./clean.js";
import { UsageError } from "../usage-error.js";

export function register(program: Command, io: CliIo): void {
  const local = program.command("local").description("the local target: a real control plane and CoreDNS");
  const log = (line: string) => io.stderr.write(`netspec: ${line}\n`);
  local
    .command("build")
    .description("build or reuse the control plane, the node components and the images of the local cluster")
    .option("--coredns-version <version>", "CoreDNS release to build", DEFAULT_COREDNS_VERSION)
    .action(async (flags: { corednsVersion: string }) => {
      const paths = await built(flags.corednsVersion, io, log, "cluster");
      if (paths) io.stdout.write(`${JSON.stringify(paths)}\n`);
    });
  local
    .command("clean")
    .description("remove what local clusters of runs that died left behind (processes, namespaces, mounts)")
    .option("--work-dir <dir>", "the run's work directory", ".netspec")
    .action((flags: { workDir: string }) => cleanRuns(io, flags.workDir));
  // Internal: the local cluster runs the scenario's upstream world with this, inside its own network
  // namespace (runner/targets/dns-wire/upstream-process.ts); it stays up until killed or interrupted
  // (SIGTERM / Ctrl-C, as a reproduction script's `kill` sends).
  local
    .command("upstream-world", { hidden: true })
    .argument("<state>", "the state file (records and fault behaviour), re-read when it changes")
    .argument("<listen...>", "IP:PORT to serve on (UDP and TCP)")
    .action(async (state: string, listen: string[]) => {
      await serveUpstreamWorld(state, listen);
      io.stderr.write(`netspec: upstream world serving on ${listen.join(", ")}\n`);
      await io.interrupted;
    });
  // Internal: the local cluster's outside (runner/targets/local/outside-process.ts), run inside its
  // fabric namespace: hosts at addresses outside the cluster, and clients from such addresses.
  local
    .command("outside-host", { hidden: true })
    .argument("<listen...>", "IP:PORT to serve on (TCP and UDP)")
    .action(async (listen: string[]) => {
      await serveOutside(listen);
      io.stderr.write(`netspec: outside host serving on ${listen.join(", ")}\n`);
      await new Promise(() => {});
    });
  local
    .command("outside-connect", { hidden: true })
    .argument("<from>", "the source address")
    .argument("<to>", "IP:PORT")
    .argument("<protocol>", "tcp or udp")
    .action(async (from: string, to: string, protocol: string) => {
      const i = to.lastIndexOf(":");
      const r = await connectOutside(
        from,
        to.slice(0, i),
        Number(to.slice(i + 1)),
        protocol === "udp" ? "udp" : "tcp",
      );
      io.stdout.write(`${JSON.stringify(r)}\n`);
    });
  addClusterFlags(
    local
      .command("up")
      .description("run the local control plane and CoreDNS with these manifests until interrupted")
      .option("--coredns-version <version>", "CoreDNS release to run", DEFAULT_COREDNS_VERSION),
  ).action(async (flags: ClusterFlags & { corednsVersion: string }) => {
    if (flags.bare) throw new UsageError("--bare is not supported by local up");
    const { seed, spec, sources } = clusterFromFlags(flags, io.cwd);
    const bins = await built(flags.corednsVersion, io, log, "cluster");
    if (!bins) return;
    const target = new LocalTarget({
      corednsVersion: flags.corednsVersion,
      binaries: async () => bins,
      keepNamespaces: true,
    });
    const ctx = { seed, workDir: join(io.cwd, ".netspec"), signal: io.signal, log };
    const setup = { file: "local up", suite: "local up", cluster: spec, upstream: [] };
    try {
      await target.prepare(setup, ctx);
      await target.reset(setup, ctx);
      await target.apply(sources, ctx);
      io.stdout.write(`${JSON.stringify(target.endpoint())}\n`);
      log("up; Ctrl-C to stop");
      await io.interrupted;
    } catch (e) {
      if (!(e instanceof TargetError)) throw e;
      log(e.message);
      io.setExitCode(1);
    } finally {
      // Teardown gets a signal of its own: the one Ctrl-C aborted would cancel every command of it.
      await target.dispose({ ...ctx, signal: new AbortController().signal });
      log("stopped");
    }
  });
}

/** The binaries, or undefined after printing why the build failed (exit code 1). */
async function built(
  corednsVersion: string,
  io: CliIo,
  log: (line: string) => void,
  set?: "cluster",
): Promise<Record<string, string> | undefined> {
  const timing = (what: string, ms: number) => log(`built ${what} in ${(ms / 1000).toFixed(1)}s`);
  try {
    return await localBinaries({ corednsVersion, set, env: io.env, log, timing, signal: io.signal });
  } catch (e) {
    log(`local build failed: ${(e as Error).message}`);
    io.setExitCode(1);
    return undefined;
  }
}
