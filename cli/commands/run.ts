/**
 * `netspec run`: load the plan (the language's checks and the engine's checks of embedded manifests
 * and Corefiles), refuse to run anything on an error (exit 2), select the tests (cli/selection.ts,
 * shared with `list`), run them on every target, feed reporters, write report files even when
 * interrupted. With `--update`, write what was observed into the expectations (cli/update/).
 * Exit codes (DESIGN.md): 0 all passed (skips allowed), 1 an expectation failed, 2 something errored,
 * no test was selected (unless --pass-with-no-tests) or the run was interrupted, 3 usage error.
 */
import { join } from "node:path";
import { Option, type Command } from "commander";
import {
  createTarget,
  runPlan,
  UnknownTargetError,
  type Target,
  type TargetOptions,
} from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";
import { loadConfig, variablesOf } from "../config.js";
import { printDiagnostics } from "../diagnostics-output.js";
import { parseReporters, parseRunFlags, withProxyMode, type RunFlags } from "../run-flags.js";
import { checkReportPaths, createReporters } from "../run-reporters.js";
import { dependencies, watchAndRerun, type Dependencies } from "../run-watch.js";
import { caseCount, caseFilter, selectPlan } from "../selection.js";
import { loadSpecs } from "../spec-load.js";
import { writeUpdates } from "../update/index.js";
import { UsageError } from "../usage-error.js";
import { resolveSpecFiles, useColor } from "./shared.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, io: CliIo): void {
  const run = program
    .command("run")
    .description("run spec files against one or more targets")
    .argument("[paths...]", "files, directories or FILE:LINE (default: the config's paths, else suites/)");
  addRunOptions(run).action((paths: string[], flags: RunFlags) => runCommand(paths, flags, io));
  const record = program
    .command("record")
    .description("run spec files and write the observed values into their expectations (run --update)")
    .argument("[paths...]", "files, directories or FILE:LINE (default: the config's paths, else suites/)");
  addRunOptions(record).action((paths: string[], flags: RunFlags) =>
    runCommand(paths, { ...flags, update: true }, io),
  );
}

function addRunOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--target <target>", "reference | kind | cluster:<ctx> | local (repeatable)")
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option(
        "--reporter <reporter>",
        "console | quiet | dot | junit:FILE | json:FILE | markdown:FILE | html:FILE (repeatable)",
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option("--var <NAME=VALUE>", "set ${NAME} in specs (repeatable)").argParser(collect).default([]),
    )
    .option("--config <file>", "config file (default: netspec.config.yaml here, if any)")
    .option("--tags <tags>", "run cases with any of these tags; !tag excludes")
    .option("--grep <regex>", "run cases whose `suite › test` matches")
    .option("--shard <i/n>", "run only shard i of n")
    .option("--pass-with-no-tests", "exit 0 when the selection holds no test")
    .option("--update", "write the observed values into the expectations that ran (then `fmt`)")
    .option(
      "--parallel <n>",
      "files in flight at once, and on real targets cases of a suite at once (default: CPU count)",
    )
    .option("--seed <n>", "seed for every random choice", "1")
    .option("--bail", "stop after the first failure")
    .option("--timeout <seconds>", "per-step timeout for real targets", "60")
    .option("--case-timeout <seconds>", "stop and error a case that runs longer than this")
    .option(
      "--within <seconds>",
      "real targets: poll expectations without their own `within` this long",
      "30",
    )
    .option(
      "--retries <n>",
      "real targets: re-run a failed or errored case up to n times (reported flaky)",
      "0",
    )
    .option("--json-timings", "include durations in the JSON report")
    .option("--no-color", "disable colour")
    .option("--verbose", "print skip reasons and target logs")
    .option("--watch", "after the run, re-run the spec files whose sources, imports or manifests change")
    .option("--dry-run", "real targets: print every kind/kubectl command instead of running it")
    .option("--kind-cluster <name>", "kind: use (or create once) this cluster")
    .option("--keep", "kind: keep the cluster the run created")
    .option("--allow-context <context>", "cluster: allow this non-kind kubeconfig context")
    .option(
      "--allow-cluster-changes",
      "cluster: let specs change cluster-scoped and system-namespace objects (snapshotted, restored after each case)",
    )
    .option("--probe-image <image>", "real targets: image with dig for DNS probes")
    .option("--coredns-version <version>", "local: the CoreDNS release to build and run")
    .option(
      "--proxy-mode <mode>",
      "every cluster block's kube-proxy mode (iptables | nftables | ipvs), whatever the specs set",
    );
}

async function runCommand(paths: string[], flags: RunFlags, io: CliIo): Promise<void> {
  const config = loadConfig(io.cwd, flags.config);
  const options = parseRunFlags(flags);
  const filter = caseFilter(flags);
  const variables = variablesOf(config, flags.var);
  const { host, files, lines } = resolveSpecFiles(paths, io, config);
  const color = useColor(io, flags.color);
  const reporters = parseReporters(flags.reporter.length ? flags.reporter : (config.reporters ?? []));
  checkReportPaths(io, reporters);
  const targetNames = flags.target.length ? flags.target : (config.targets ?? ["reference"]);
  if (flags.update && flags.watch) throw new UsageError("--update and --watch do not go together");
  const targets = createTargets(targetNames, {
    dryRun: flags.dryRun,
    write: (line) => io.stdout.write(`${line}\n`),
    kindCluster: flags.kindCluster,
    keep: flags.keep,
    allowContext: flags.allowContext,
    allowClusterChanges: flags.allowClusterChanges,
    probeImage: flags.probeImage,
    corednsVersion: flags.corednsVersion,
    env: io.env,
  });

  const runFiles = async (specs: string[]): Promise<{ deps: Dependencies }> => {
    const loaded = await loadSpecs(specs, host, { engine: true, variables });
    const deps = dependencies(loaded.plan, loaded.sources, specs);
    await printDiagnostics(loaded.diagnostics, loaded.sources, io.stderr, color);
    if (loaded.errors > 0) {
      io.stderr.write(
        `netspec: ${loaded.errors} error${loaded.errors === 1 ? "" : "s"} in the spec files; nothing was run\n`,
      );
      io.setExitCode(2);
      return { deps };
    }
    const plan = withProxyMode(selectPlan(loaded.plan, filter, lines), options.proxyMode);
    if (caseCount(plan) === 0) {
      io.stderr.write(
        `netspec: no test selected in ${specs.join(", ")}${flags.passWithNoTests ? "" : " (--pass-with-no-tests makes this a pass)"}\n`,
      );
      io.setExitCode(flags.passWithNoTests ? 0 : 2);
      return { deps };
    }
    const reporter = createReporters(io, reporters, {
      color,
      verbose: flags.verbose,
      jsonTimings: flags.jsonTimings,
      sources: loaded.sources,
      startedAt: new Date().toISOString(),
    });
    const warn = (line: string) => io.stderr.write(`${line}\n`);
    const result = await runPlan(plan, {
      targets,
      dryRun: flags.dryRun,
      seed: options.seed,
      bail: flags.bail,
      parallel: options.parallel,
      stepTimeoutMs: options.timeoutMs,
      caseTimeoutMs: options.caseTimeoutMs,
      defaultWithinMs: options.withinMs,
      retries: options.retries,
      signal: io.signal,
      workDir: join(io.cwd, ".netspec"),
      onEvent: (e) => reporter.onEvent?.(e),
      warn,
      log: flags.verbose ? warn : undefined,
    });
    await reporter.finish?.(result);

    const interrupted = io.signal.aborted;
    if (interrupted)
      io.stderr.write("netspec: interrupted; teardowns ran and reports cover the cases that finished\n");
    const all = Object.values(result.summaries);
    const errored = all.some((s) => s.errored > 0) || result.errors.length > 0;
    const failed = all.some((s) => s.failed > 0);
    if (flags.update && !interrupted) {
      const updated = writeUpdates(io, plan, result, loaded.sources);
      io.setExitCode(updated.errors > 0 || errored ? 2 : 0);
      return { deps };
    }
    io.setExitCode(interrupted || errored ? 2 : failed ? 1 : 0);
    return { deps };
  };
  const first = await runFiles(files);
  if (flags.watch) await watchAndRerun(io, files, first.deps, runFiles);
}

function createTargets(specs: string[], options: TargetOptions): Target[] {
  return specs.map((spec) => {
    try {
      return createTarget(spec, options);
    } catch (error) {
      if (error instanceof UnknownTargetError) throw new UsageError(error.message);
      throw error;
    }
  });
}
