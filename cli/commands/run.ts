/**
 * `netspec run`: load the plan, refuse to run anything on a parse/check error (exit 2), run it on
 * every target, feed reporters, write report files even when interrupted.
 * Exit codes (DESIGN.md): 0 all passed (skips allowed), 1 some failed, 2 something errored or the run
 * was interrupted (Ctrl-C: teardowns run and reports are written for what finished), 3 usage error.
 */
import { mkdirSync, statSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, isAbsolute, join, resolve as resolvePath } from "node:path";
import { Option, type Command } from "commander";
import pc from "picocolors";
import {
  createConsoleReporter,
  fileReporter,
  githubAnnotations,
  multiplexReporters,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  noPaint,
  type Paint,
} from "../../reports/index.js";
import {
  createTarget,
  parseShard,
  runPlan,
  UnknownTargetError,
  type Reporter,
  type Target,
  type TargetOptions,
} from "../../runner/index.js";
import type { Plan } from "../../dsl/index.js";
import type { CliIo } from "../cli-io.js";
import { loadDsl } from "../dsl-api.js";
import { printDiagnostics } from "../diagnostics-output.js";
import { UsageError } from "../usage-error.js";
import { resolveSpecFiles, useColor } from "./shared.js";

interface RunFlags {
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
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, io: CliIo): void {
  program
    .command("run")
    .description("run spec files against one or more targets")
    .argument("[paths...]", "files or directories (default: .)")
    .addOption(
      new Option("--target <target>", "reference | kind | cluster:<ctx> | local (repeatable)")
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option(
        "--reporter <reporter>",
        "console | junit:FILE | json:FILE | markdown:FILE | html:FILE (repeatable)",
      )
        .argParser(collect)
        .default([]),
    )
    .option("--tags <tags>", "run cases with any of these tags; !tag excludes")
    .option("--grep <regex>", "run cases whose `suite › test` matches")
    .option("--parallel <n>", "files in flight at once (default: CPU count)")
    .option("--seed <n>", "seed for every random choice", "1")
    .option("--bail", "stop after the first failure")
    .option("--shard <i/n>", "run only shard i of n")
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
    .action(async (paths: string[], flags: RunFlags) => {
      const options = parseRunFlags(flags);
      const { host, files } = resolveSpecFiles(paths, io);
      const color = useColor(io, flags.color);
      const reporters = parseReporters(flags.reporter);
      for (const file of [...reporters.junit, ...reporters.json, ...reporters.markdown, ...reporters.html])
        checkReportPath(io, file);
      const targets = createTargets(flags.target.length ? flags.target : ["reference"], {
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

      const runFiles = async (specs: string[]): Promise<{ deps: Map<string, Set<string>> }> => {
        const dsl = await loadDsl();
        const { plan, diagnostics, sources } = dsl.loadPlan(specs, host);
        const { errors } = await printDiagnostics(diagnostics, sources, io.stderr, color);
        if (errors > 0) {
          io.stderr.write(
            `netspec: ${errors} error${errors === 1 ? "" : "s"} in the spec files; nothing was run\n`,
          );
          io.setExitCode(2);
          return { deps: dependencies(plan, sources) };
        }

        const paint: Paint = color ? pc : noPaint;
        const listeners: Reporter[] = [];
        if (reporters.console)
          listeners.push(
            createConsoleReporter({
              out: io.stdout,
              status: io.stderr,
              live: io.isTTY,
              paint,
              verbose: flags.verbose,
              sources,
              timings: true,
            }),
          );
        const toFile = (file: string) => (text: string) => write(io, file, text);
        for (const file of reporters.junit)
          listeners.push(fileReporter("junit", (r) => renderJunit(r, sources), toFile(file)));
        for (const file of reporters.json)
          listeners.push(
            fileReporter("json", (r) => renderJson(r, { timings: flags.jsonTimings }), toFile(file)),
          );
        for (const file of reporters.markdown)
          listeners.push(fileReporter("markdown", renderMarkdown, toFile(file)));
        for (const file of reporters.html)
          listeners.push(fileReporter("html", (r) => renderHtml(r, sources), toFile(file)));
        // In GitHub Actions, failures become annotations on the diff (workflow commands on stdout).
        if (io.env.GITHUB_ACTIONS === "true")
          listeners.push(fileReporter("github", githubAnnotations, (text) => io.stdout.write(text)));
        const warn = (line: string) => io.stderr.write(`${line}\n`);
        const reporter = multiplexReporters(listeners, warn);
        const result = await runPlan(plan, {
          targets,
          dryRun: flags.dryRun,
          seed: options.seed,
          filter: { tags: options.tags, grep: options.grep, shard: options.shard },
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
        io.setExitCode(interrupted || errored ? 2 : failed ? 1 : 0);
        return { deps: dependencies(plan, sources) };
      };
      const first = await runFiles(files);
      if (flags.watch) await watchAndRerun(io, files, first.deps, runFiles);
    });
}

function parseRunFlags(flags: RunFlags) {
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got "${flags.seed}"`);
  let parallel = availableParallelism();
  if (flags.parallel !== undefined) {
    parallel = Number(flags.parallel);
    if (!Number.isInteger(parallel) || parallel < 1)
      throw new UsageError(`--parallel must be a positive integer, got "${flags.parallel}"`);
  }
  let grep: RegExp | undefined;
  if (flags.grep !== undefined) {
    try {
      grep = new RegExp(flags.grep);
    } catch (error) {
      throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.shard !== undefined && !shard)
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, got "${flags.shard}"`);
  const timeout = Number(flags.timeout ?? "60");
  if (!(timeout > 0))
    throw new UsageError(`--timeout must be a positive number of seconds, got "${flags.timeout}"`);
  const tags = flags.tags
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
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
  return { seed, parallel, grep, shard, tags, timeoutMs: timeout * 1000, caseTimeoutMs, withinMs, retries };
}

function parseReporters(specs: string[]): {
  console: boolean;
  junit: string[];
  json: string[];
  markdown: string[];
  html: string[];
} {
  const out = {
    console: specs.length === 0,
    junit: [] as string[],
    json: [] as string[],
    markdown: [] as string[],
    html: [] as string[],
  };
  for (const spec of specs) {
    const [kind, ...rest] = spec.split(":");
    const file = rest.join(":");
    if (kind === "console" && !file) out.console = true;
    else if ((kind === "junit" || kind === "json" || kind === "markdown" || kind === "html") && file)
      out[kind].push(file);
    else
      throw new UsageError(
        `unknown reporter "${spec}" (use console, junit:FILE, json:FILE, markdown:FILE or html:FILE)`,
      );
  }
  return out;
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

/** A report path that can never be written is a usage error before anything runs, not after. */
function checkReportPath(io: CliIo, file: string): void {
  const path = isAbsolute(file) ? file : join(io.cwd, file);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return; // does not exist yet: written (with its folders) at the end
  }
  if (isDir)
    throw new UsageError(
      `report path ${file} is a directory; give a file name (e.g. ${join(file, "report.xml")})`,
    );
}

function write(io: CliIo, file: string, text: string): void {
  const path = isAbsolute(file) ? file : join(io.cwd, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Every file a spec depends on: itself, its imports (the loader's sources) and manifests it applies. */
function dependencies(plan: Plan, sources: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  for (const f of plan.files) {
    const set = new Set<string>([f.file, ...sources.keys()]);
    for (const suite of f.suites)
      for (const step of [...suite.setup, ...suite.cases.flatMap((c) => c.steps)])
        if (step.type === "apply" && step.source.kind !== "inline") set.add(step.source.path);
    deps.set(f.file, set);
  }
  return deps;
}

/**
 * `--watch`: watch the folders of every dependency; when files change (debounced), re-run the spec
 * files that depend on them, until Ctrl-C.
 */
async function watchAndRerun(
  io: CliIo,
  files: string[],
  initial: Map<string, Set<string>>,
  runFiles: (specs: string[]) => Promise<{ deps: Map<string, Set<string>> }>,
): Promise<void> {
  let deps = initial;
  const watchers = new Map<string, FSWatcher>();
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rewatch = () => {
    const dirs = new Set(
      [...deps.values()].flatMap((s) => [...s].map((p) => dirname(resolvePath(io.cwd, p)))),
    );
    for (const d of dirs)
      if (!watchers.has(d))
        watchers.set(
          d,
          watch(d, (_event, name) => {
            if (!name) return;
            changed.add(resolvePath(d, name.toString()));
            clearTimeout(timer);
            timer = setTimeout(() => {
              const touched = changed;
              changed = new Set();
              const affected = files.filter((f) =>
                [...(deps.get(f) ?? [f])].some((p) => touched.has(resolvePath(io.cwd, p))),
              );
              if (affected.length === 0) return;
              running = running.then(async () => {
                io.stderr.write(`netspec: ${affected.length} file(s) changed; running again\n`);
                const next = await runFiles(affected);
                for (const [k, v] of next.deps) deps.set(k, v);
                rewatch();
              });
            }, 200);
          }),
        );
  };
  deps = new Map(deps);
  rewatch();
  io.stderr.write("netspec: watching for changes (Ctrl-C to stop)\n");
  await io.interrupted;
  clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  await running;
}
