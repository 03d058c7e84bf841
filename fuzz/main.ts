/**
 * `npm run fuzz -- TARGET [--runs N] [--time S] [--seed N] [--hang S] [--slow MS] [--out DIR]`:
 * coverage-guided fuzzing of one target (dsl, dns, manifest, corefile; `all` runs each in turn) in a
 * worker thread under a watchdog. Findings are minimised and written to fuzz/regressions/TARGET/
 * (or --out), where fuzz/fuzz.test.ts replays them; exit code 1 when there are any.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { LoopStats } from "./loop.js";
import { showInput } from "./loop.js";
import { knownDir, regressionDir, type SessionResult } from "./session.js";
import type { Finding, FuzzTarget } from "./target.js";
import { TARGETS, targetNamed } from "./targets/index.js";
import { sharedInput, watch } from "./watchdog.js";
import type { WorkerInput } from "./worker.js";

interface Args {
  targets: FuzzTarget[];
  runs?: number;
  timeMs?: number;
  seed: number;
  hangMs: number;
  slowMs: number;
  out?: string;
}

const USAGE = `usage: npm run fuzz -- TARGET|all [--runs N] [--time S] [--seed N] [--hang S] [--slow MS] [--out DIR]
targets:\n${TARGETS.map((t) => `  ${t.name.padEnd(9)} ${t.summary}`).join("\n")}`;

function parseArgs(argv: string[]): Args {
  const [name, ...rest] = argv;
  const targets = name === "all" ? [...TARGETS] : [targetNamed(name ?? "")].filter((t) => t !== undefined);
  if (targets.length === 0) throw new Error(`unknown target ${JSON.stringify(name ?? "")}\n${USAGE}`);
  const args: Args = { targets, seed: 1, hangMs: 10_000, slowMs: 2_000 };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const v = rest[i + 1];
    const n = Number(v);
    if (flag === "--out" && v) args.out = v;
    else if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number\n${USAGE}`);
    else if (flag === "--runs") args.runs = n;
    else if (flag === "--time") args.timeMs = n * 1000;
    else if (flag === "--seed") args.seed = n;
    else if (flag === "--hang") args.hangMs = n * 1000;
    else if (flag === "--slow") args.slowMs = n;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  if (args.runs === undefined && args.timeMs === undefined) args.timeMs = 60_000;
  return args;
}

const line = (t: string, s: LoopStats) =>
  `#${s.execs}\t${t}\tcov: ${s.features} corp: ${s.corpus} exec/s: ${Math.round(s.execs / (s.elapsedMs / 1000 || 1))} findings: ${s.findings} slowest: ${s.slowestMs.toFixed(1)}ms time: ${(s.elapsedMs / 1000).toFixed(0)}s`;

function save(dir: string, target: FuzzTarget, f: Finding): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash("sha1").update(f.input).digest("hex").slice(0, 12);
  const path = join(dir, `${f.kind}-${hash}.${target.ext}`);
  writeFileSync(path, f.input);
  return path;
}

/** What a worker reported: its result, or (after a hang) the findings it had reported so far. */
interface Outcome {
  result?: SessionResult;
  early: Finding[];
}

function runOne(target: FuzzTarget, args: Args, root: string): Promise<Outcome> {
  const shared = sharedInput();
  const data: WorkerInput = {
    target: target.name,
    root,
    seed: args.seed,
    slowMs: args.slowMs,
    shared,
    ...(args.runs !== undefined ? { runs: args.runs } : {}),
    ...(args.timeMs !== undefined ? { timeMs: args.timeMs } : {}),
  };
  const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: data });
  const out = args.out ? resolve(args.out) : regressionDir(root, target);
  const early: Finding[] = [];
  return new Promise((done, fail) => {
    let hung = false;
    const stop = watch(worker, shared, args.hangMs, (input, ms) => {
      hung = true;
      const message = `no progress for ${(ms / 1000).toFixed(0)} s`;
      const f: Finding = { kind: "hang", signature: "hang", message, stack: "", input };
      console.log(`HANG in ${target.name}: ${f.message}; input written to ${save(out, target, f)}`);
    });
    worker.on(
      "message",
      (m: { type: string; stats?: LoopStats; result?: SessionResult; finding?: Finding }) => {
        if (m.type === "progress") console.log(line("PULSE", m.stats!));
        else if (m.type === "finding") early.push(m.finding!);
        else if (m.type === "done") {
          stop();
          done({ result: m.result, early });
        }
      },
    );
    worker.on("error", (e) => (stop(), fail(e)));
    worker.on("exit", () => (stop(), hung ? done({ early }) : undefined));
  });
}

function report(
  target: FuzzTarget,
  findings: Finding[],
  dir: (f: Finding) => string,
  note: (f: Finding) => string,
) {
  for (const f of findings) {
    const path = save(dir(f), target, f);
    const label = f.known ? `KNOWN ${f.kind}` : f.kind.toUpperCase();
    console.log(`\n${label} ${f.signature}\n  ${f.message}\n  input (${f.input.length} bytes) → ${path}`);
    if (f.known) console.log(`  known: ${f.known}`);
    const extra = note(f);
    if (extra) console.log(`  ${extra}`);
    console.log(
      showInput(f, target.text)
        .split("\n")
        .map((l) => `  | ${l}`)
        .join("\n"),
    );
    if (f.stack)
      console.log(
        f.stack
          .split("\n")
          .slice(0, 12)
          .map((l) => `  ${l}`)
          .join("\n"),
      );
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const root = resolve(import.meta.dirname, "..", "..");
  let failed = false;
  for (const target of args.targets) {
    console.log(`fuzzing ${target.name}: ${target.summary}`);
    const { result: r, early } = await runOne(target, args, root);
    const dir = (f: Finding) =>
      args.out ? resolve(args.out) : f.known ? knownDir(root, target) : regressionDir(root, target);
    if (!r) {
      failed = true;
      // The worker hung: what it had found before is reported as found (not minimised).
      const known = (f: Finding) => target.known?.find((k) => k.signature.test(f.signature))?.why;
      report(
        target,
        early.map((f) => ({ ...f, known: known(f) })),
        dir,
        () => "(reported before the hang, not minimised)",
      );
      continue;
    }
    console.log(line("DONE", { ...r, findings: r.findings.length }));
    console.log(`  seeds ${r.seeds}, corpus grew by ${r.added.length}, largest input ${r.largest} bytes`);
    if (r.findings.some((f) => !f.known)) failed = true;
    report(target, r.findings, dir, (f) =>
      r.unreproduced.includes(f.signature)
        ? "(did not recur on a fresh runner: state-dependent, not minimised)"
        : "",
    );
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.message);
    process.exit(2);
  },
);
