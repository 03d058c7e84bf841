/**
 * `netspec difftest --corefiles`: generated Corefiles over the plugins that need no API server, each
 * run by the real CoreDNS binary (`netspec local build`'s, or NETSPEC_COREDNS) and by the reference
 * engine, the same questions asked of both. Prints the counts and the disagreements by kind, each
 * with a replay script under --out; exit status 1 on a disagreement or a case that could not run.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cacheDir, runCorefileDiff, type CorefileDisagreement } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../usage-error.js";

export interface CorefileFlags {
  cases: number;
  seed: number;
  from: number;
  out: string;
}

/** NETSPEC_COREDNS, else CoreDNS 1.14.7 from the local target's cache. */
function binary(io: CliIo): string {
  const path = io.env.NETSPEC_COREDNS ?? join(cacheDir(io.env), "bin", "coredns-v1.14.7");
  if (!existsSync(path))
    throw new UsageError(
      `difftest --corefiles needs the CoreDNS binary: ${path} is missing (run \`netspec local build\` or set NETSPEC_COREDNS)`,
    );
  return path;
}

export async function runCorefiles(f: CorefileFlags, io: CliIo): Promise<void> {
  const bin = binary(io);
  const started = Date.now();
  const result = await runCorefileDiff({
    ...f,
    binary: bin,
    workDir: join(io.cwd, ".netspec", "corefiles"),
    signal: io.signal,
    progress: (done, total, n) => {
      if (done % 10 === 0 || done === total)
        io.stderr.write(
          `difftest --corefiles: ${done}/${total} cases, ${n} disagreement(s), ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
        );
    },
  });
  const byKind = new Map<string, CorefileDisagreement[]>();
  for (const d of result.disagreements) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
  io.stdout.write(
    `difftest --corefiles reference vs ${relative(io.cwd, bin) || bin}: seed ${f.seed}, cases ${f.from}..${f.from + f.cases - 1}: ${result.cases} run, ${result.queries} queries, ${result.disagreements.length} disagreement(s) in ${byKind.size} kind(s), ${result.errors.length} case error(s) (${((Date.now() - started) / 1000).toFixed(1)}s)\n`,
  );
  const outDir = join(io.cwd, f.out);
  if (byKind.size) mkdirSync(outDir, { recursive: true });
  for (const [kind, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
    const files = list.slice(0, 20).map((d, i) => {
      const file = join(outDir, `${d.case.id.replace(":", "-")}-${i}-${d.query?.type ?? "corefile"}.sh`);
      writeFileSync(file, d.reproduction, { mode: 0o755 });
      return file;
    });
    const first = list[0]!;
    const q = first.query
      ? `${first.query.name} ${first.query.type} from ${first.query.from} over ${first.query.transport}`
      : "the Corefile";
    io.stdout.write(`\n  ${kind} (${list.length}×), e.g. ${q} in case ${first.case.id}\n`);
    io.stdout.write(
      `    ${first.differences.join("\n    ")}\n    reproduction: ${relative(io.cwd, files[0]!)}\n`,
    );
  }
  for (const e of result.errors.slice(0, 10)) io.stdout.write(`\n  case ${e.id} did not run: ${e.message}\n`);
  if (result.disagreements.length || result.errors.length) io.setExitCode(1);
}
