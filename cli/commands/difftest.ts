/**
 * `netspec difftest [--admission|--corefiles] [--against local] [--cases N] [--seed S]`: the
 * differential testers (--corefiles: difftest-corefiles.ts). Without either: generated
 * scenarios run on the reference engine and on another target; every disagreement is written as a
 * runnable `.netspec` reproduction under --out, grouped by kind in the summary; disagreements a
 * recorded known divergence explains are counted apart. Exit status 1 on an unexplained disagreement
 * (or a case that could not run), 0 otherwise.
 */
import type { Command } from "commander";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createTarget, runDiff, type Disagreement } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../usage-error.js";
import { runAdmission } from "./difftest-admission.js";
import { runCorefiles } from "./difftest-corefiles.js";

interface Flags {
  against: string;
  cases?: string;
  seed: string;
  from: string;
  out: string;
  minimise: boolean;
  corednsVersion?: string;
  admission?: boolean;
  corefiles?: boolean;
  family?: string;
}

export function register(program: Command, io: CliIo): void {
  program
    .command("difftest")
    .description(
      "run generated DNS scenarios (or, with --admission, manifests) on the reference engine and a real implementation, and report every disagreement",
    )
    .option(
      "--admission",
      "admission: generated manifests through the engine and a real kube-apiserver 1.31.4",
    )
    .option(
      "--corefiles",
      "corefiles: generated Corefiles (view, acl, header, rewrite, template, file, transfer, forward to an upstream world, ...) answered by real CoreDNS 1.14.7 and the reference",
    )
    .option("--family <name>", "admission: only cases of this rule family")
    .option("--against <target>", "the target compared with the reference", "local")
    .option("--cases <n>", "number of generated cases (default 100; 200 with --corefiles)")
    .option("--seed <n>", "generator seed", "1")
    .option("--from <i>", "first case index (resume or shard)", "0")
    .option("--out <dir>", "where reproductions are written", ".netspec/difftest")
    .option("--no-minimise", "write reproductions with the whole case")
    .option("--coredns-version <version>", "local: the CoreDNS release to build and run")
    .action(async (flags: Flags) => {
      const num = (name: string, v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0)
          throw new UsageError(`--${name} must be a non-negative integer, got "${v}"`);
        return n;
      };
      const cases = num("cases", flags.cases ?? (flags.corefiles ? "200" : "100"));
      const seed = num("seed", flags.seed);
      const from = num("from", flags.from);
      if (flags.corefiles) {
        const outDir = flags.out === ".netspec/difftest" ? ".netspec/difftest-corefiles" : flags.out;
        return runCorefiles({ cases, seed, from, out: outDir }, io);
      }
      if (flags.admission) {
        const outDir = flags.out === ".netspec/difftest" ? ".netspec/difftest-admission" : flags.out;
        return runAdmission({ cases, seed, from, family: flags.family, out: outDir }, io);
      }
      const reference = createTarget("reference");
      const other = createTarget(flags.against, { corednsVersion: flags.corednsVersion, env: io.env });
      const ctx = {
        seed,
        workDir: join(io.cwd, ".netspec"),
        signal: io.signal,
        log: (line: string) => {
          if (io.env.NETSPEC_VERBOSE) io.stderr.write(`${line}\n`);
        },
      };
      const started = Date.now();
      let result;
      try {
        result = await runDiff({
          cases,
          seed,
          from,
          reference,
          other,
          ctx,
          minimise: flags.minimise,
          progress: (done, total, n) => {
            if (done % 10 === 0 || done === total)
              io.stderr.write(
                `difftest: ${done}/${total} cases, ${n} disagreement(s), ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
              );
          },
        });
      } finally {
        await other.dispose(ctx).catch(() => undefined);
        await reference.dispose(ctx).catch(() => undefined);
      }
      const outDir = join(io.cwd, flags.out);
      const unexplained = result.disagreements.filter((d) => !d.known);
      const explained = result.disagreements.filter((d) => d.known);
      const byKind = new Map<string, Disagreement[]>();
      for (const d of unexplained) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
      if (unexplained.length) mkdirSync(outDir, { recursive: true });
      io.stdout.write(
        `difftest reference vs ${other.name}: seed ${seed}, cases ${from}..${from + cases - 1}: ${result.cases} run, ${result.queries} queries, ${unexplained.length} unexplained disagreement(s) in ${byKind.size} kind(s), ${explained.length} explained by known divergences, ${result.errors.length} case error(s) (${((Date.now() - started) / 1000).toFixed(1)}s)\n`,
      );
      const byKnown = new Map<string, number>();
      for (const d of explained) byKnown.set(d.known!.id, (byKnown.get(d.known!.id) ?? 0) + 1);
      for (const [id, n] of byKnown) {
        const k = explained.find((d) => d.known!.id === id)!.known!;
        io.stdout.write(`  known ${id} (${n}×): ${k.reason} — recorded in ${k.suite}\n`);
      }
      for (const [kind, list] of byKind) {
        const first = list[0]!;
        const file = join(outDir, `${first.scenario.id.replace(":", "-")}-${first.query.type}.netspec`);
        writeFileSync(file, first.netspec);
        for (const d of list.slice(1, 20))
          writeFileSync(
            join(outDir, `${d.scenario.id.replace(":", "-")}-${d.query.type}-${d.query.name}.netspec`),
            d.netspec,
          );
        io.stdout.write(
          `\n  ${kind} (${list.length}×), e.g. ${first.query.name} ${first.query.type} in case ${first.scenario.id}\n`,
        );
        io.stdout.write(
          `    ${first.differences.join("\n    ")}\n    reproduction: ${relative(io.cwd, file)}\n`,
        );
      }
      for (const e of result.errors.slice(0, 10))
        io.stdout.write(`\n  case ${e.id} did not run: ${e.message}\n`);
      if (unexplained.length || result.errors.length) io.setExitCode(1);
    });
}
