/**
 * `netspec difftest --admission`: generated manifests applied to the reference engine and to a real
 * kube-apiserver 1.31.4 started for the run (the local target's control plane, built by
 * `netspec local build`). Prints the counts, the explained disagreements with their reasons and the
 * unexplained ones by kind, each with a reproduction under --out; exit status 1 on an unexplained
 * disagreement or a case that could not run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { RealServer, runAdmissionDiff, type AdmissionDisagreement } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";

export interface AdmissionFlags {
  cases: number;
  seed: number;
  from: number;
  family?: string;
  out: string;
}

export async function runAdmission(f: AdmissionFlags, io: CliIo): Promise<void> {
  const workDir = join(io.cwd, ".netspec", "admission");
  const log = (line: string) => {
    if (io.env.NETSPEC_VERBOSE) io.stderr.write(`${line}\n`);
  };
  const ctx = { seed: f.seed, workDir, signal: io.signal, log };
  const started = Date.now();
  io.stderr.write("difftest --admission: starting kube-apiserver 1.31.4 (etcd, kube-controller-manager)\n");
  const server = await RealServer.start({ dir: workDir, env: io.env, signal: io.signal, log });
  let result;
  try {
    result = await runAdmissionDiff({
      cases: f.cases,
      seed: f.seed,
      from: f.from,
      family: f.family,
      server,
      ctx,
      progress: (done, total, n) => {
        if (done % 50 === 0 || done === total)
          io.stderr.write(
            `difftest --admission: ${done}/${total} cases, ${n} unexplained disagreement(s), ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
          );
      },
    });
  } finally {
    await server.stop().catch(() => undefined);
  }
  report(result.disagreements, f, io, started, result.cases, result.errors);
}

function report(
  disagreements: AdmissionDisagreement[],
  f: AdmissionFlags,
  io: CliIo,
  started: number,
  cases: number,
  errors: { id: string; message: string }[],
): void {
  const outDir = join(io.cwd, f.out);
  const unexplained = disagreements.filter((d) => !d.known);
  const explained = disagreements.filter((d) => d.known);
  const byKind = new Map<string, AdmissionDisagreement[]>();
  for (const d of unexplained) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
  if (unexplained.length) mkdirSync(outDir, { recursive: true });
  io.stdout.write(
    `difftest --admission reference vs kube-apiserver 1.31.4: seed ${f.seed}, cases ${f.from}..${f.from + f.cases - 1}: ${cases} run, ${unexplained.length} unexplained disagreement(s) in ${byKind.size} kind(s), ${explained.length} explained by known divergences, ${errors.length} case error(s) (${((Date.now() - started) / 1000).toFixed(1)}s)\n`,
  );
  const byKnown = new Map<string, AdmissionDisagreement[]>();
  for (const d of explained) byKnown.set(d.known!.id, [...(byKnown.get(d.known!.id) ?? []), d]);
  for (const [id, list] of byKnown)
    io.stdout.write(
      `  known ${id} (${list.length}×, e.g. case ${list[0]!.case.id}): ${list[0]!.known!.reason}\n`,
    );
  for (const [kind, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
    const files = list.slice(0, 20).map((d) => {
      const file = join(outDir, `${d.case.id.replace(":", "-")}-${d.case.family}.netspec`);
      writeFileSync(file, d.netspec);
      writeFileSync(join(outDir, `${d.case.id.replace(":", "-")}.probe.yaml`), `${d.case.probe}\n`);
      return file;
    });
    const first = list[0]!;
    io.stdout.write(`\n  ${kind} (${list.length}×), e.g. case ${first.case.id}: ${first.case.title}\n`);
    io.stdout.write(`    ${first.differences.slice(0, 6).join("\n    ").replaceAll("\n", "\n    ")}\n`);
    io.stdout.write(`    reproduction: ${relative(io.cwd, files[0]!)}\n`);
  }
  for (const e of errors.slice(0, 10)) io.stdout.write(`\n  case ${e.id} did not run: ${e.message}\n`);
  if (unexplained.length || errors.length) io.setExitCode(1);
}
