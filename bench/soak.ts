/**
 * A soak of `netspec serve` (issue 22): the real CLI process on 127.0.0.1, fed a bounded stream of
 * mixed UDP packets — valid queries (timed), valid queries mutated by the fuzzer's mutators, and
 * random bytes — while TCP clients misbehave (soak-tcp.ts). It samples the server's RSS from
 * /proc, checks that valid queries are answered in every tenth of the run, and reports their p99.
 *
 * Pacing is closed-loop: a round of packets goes out (valid ones spread through it, so they queue
 * behind the garbage), and the next round starts once the round's valid queries are answered or a
 * second has passed. The run stops after `packets` packets or `timeMs`, whichever comes first, and
 * closes every socket and the server also when it fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, encodeMessage, makeQuery } from "../engine/index.js";
import { mutate } from "../fuzz/mutate.js";
import { TcpAbuse, type TcpSoakReport } from "./soak-tcp.js";

export interface SoakOptions {
  packets: number;
  timeMs: number;
  /** Packets per round (default 200), of which one in `validEvery` is a timed valid query. */
  round?: number;
  validEvery?: number;
  /** Idle/slow TCP clients opened at the start (more follow every 1.5 s). */
  lingerers?: number;
  /** Size of the connection flood (0: none), sent `floodAtMs` after the start (default 10 s). */
  flood?: number;
  floodAtMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  durationMs: number;
  packets: { sent: number; valid: number; mutated: number; random: number; garbageReplies: number };
  valid: { answered: number; p50Ms: number; p99Ms: number; maxMs: number; windows: number[] };
  /** RSS samples of the server in MiB, every 500 ms. */
  rssMb: number[];
  rss: { startMb: number; afterWarmupMb: number; endMb: number; maxMb: number };
  tcp: TcpSoakReport;
  serverExit: number | null;
}

const NAMES: [string, string][] = [
  ["kubernetes.default.svc.cluster.local", "A"],
  ["kube-dns.kube-system.svc.cluster.local", "SRV"],
  ["s-x-a.x.svc.cluster.local", "A"],
  ["_serve-80-tcp._tcp.s-x-a.x.svc.cluster.local", "SRV"],
  ["nothing.default.svc.cluster.local", "A"],
  ["10.0.96.10.in-addr.arpa", "PTR"],
];

/** The repository root, from bench/ (vitest) or dist/bench/ (npm run soak). */
const here = import.meta.dirname;
const root = here.endsWith(join("dist", "bench")) ? join(here, "..", "..") : join(here, "..");

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Starts `netspec serve` on an ephemeral loopback port. */
async function startServer(): Promise<{ proc: ChildProcess; port: number }> {
  const bin = join(root, "bin", "netspec.js");
  // The netpol suites' cluster: namespaces x, y, z with pods a, b, c and a Service per pod.
  const manifests = join(root, "suites", "netpol", "fixtures", "xyz-abc.yaml");
  const proc = spawn(process.execPath, [bin, "serve", "--manifests", manifests, "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    proc.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /serving DNS on [^:]+:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    proc.on("exit", (code) => reject(new Error(`netspec serve exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error(`netspec serve did not start: ${err}`)), 30_000).unref();
  });
  return { proc, port };
}

async function stopServer(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
  proc.kill("SIGINT");
  const killer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
  const code = await exited;
  clearTimeout(killer);
  return code;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const rng = createRng(opts.seed ?? 22);
  const round = opts.round ?? 200;
  const validEvery = opts.validEvery ?? 5;
  const log = opts.log ?? (() => {});
  const templates = NAMES.map(([name, type], i) => encodeMessage(makeQuery({ name, type, id: i + 1 })));
  const { proc, port } = await startServer();
  const validSock = dgram.createSocket("udp4");
  const junkSock = dgram.createSocket("udp4");
  const tcp = new TcpAbuse(port, rng.fork("tcp"), templates[0]!);
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(rssMb(proc.pid!)), 500);
  const packets = { sent: 0, valid: 0, mutated: 0, random: 0, garbageReplies: 0 };
  const latencies: number[] = [];
  const windows = Array.from({ length: 10 }, () => ({ sent: 0, answered: 0 }));
  const t0 = performance.now();
  try {
    await Promise.all([bind(validSock), bind(junkSock)]);
    junkSock.on("message", () => packets.garbageReplies++);
    const pending = new Map<number, { at: number; window: number }>();
    let roundDone: (() => void) | undefined;
    validSock.on("message", (m) => {
      const id = m.readUInt16BE(0);
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      latencies.push(performance.now() - p.at);
      windows[p.window]!.answered++;
      if (pending.size === 0) roundDone?.();
    });
    tcp.start({
      lingerers: opts.lingerers ?? 20,
      floodSize: opts.flood ?? 0,
      floodAtMs: opts.floodAtMs ?? 10_000,
    });
    const mctx = {
      rng,
      maxLen: 600,
      dictionary: [],
      other: () => templates[rng.int(templates.length)]!,
      text: false,
    };
    let nextId = 1;
    rssSamples.push(rssMb(proc.pid!));
    while (packets.sent < opts.packets && performance.now() - t0 < opts.timeMs) {
      const elapsed = performance.now() - t0;
      const window = Math.min(
        9,
        Math.floor(Math.max(packets.sent / opts.packets, elapsed / opts.timeMs) * 10),
      );
      for (let i = 0; i < round && packets.sent < opts.packets; i++, packets.sent++) {
        if (i % validEvery === 0) {
          const q = Uint8Array.from(templates[rng.int(templates.length)]!);
          const id = nextId++ & 0xffff;
          q[0] = id >> 8;
          q[1] = id & 0xff;
          pending.set(id, { at: performance.now(), window });
          windows[window]!.sent++;
          packets.valid++;
          validSock.send(q, port, "127.0.0.1");
        } else if (rng.next() < 0.5) {
          packets.mutated++;
          junkSock.send(mutate(templates[rng.int(templates.length)]!, mctx), port, "127.0.0.1");
        } else {
          packets.random++;
          junkSock.send(
            new Uint8Array(rng.int(600)).map(() => rng.int(256)),
            port,
            "127.0.0.1",
          );
        }
      }
      await new Promise<void>((resolve) => {
        if (pending.size === 0) return resolve();
        roundDone = resolve;
        setTimeout(resolve, 1000);
      });
      roundDone = undefined;
      pending.clear();
      if (packets.sent % 100_000 < round)
        log(
          `${packets.sent} packets, ${((performance.now() - t0) / 1000).toFixed(0)} s, rss ${rssSamples.at(-1)?.toFixed(0)} MiB`,
        );
    }
    // Let the last idle and slow clients meet the server's deadlines before counting them.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    clearInterval(sampler);
    tcp.stop();
    validSock.close();
    junkSock.close();
  }
  const serverExit = await stopServer(proc);
  const sorted = [...latencies].sort((a, b) => a - b);
  const warm = rssSamples[Math.min(rssSamples.length - 1, Math.floor(rssSamples.length / 10))] ?? NaN;
  return {
    durationMs: performance.now() - t0,
    packets,
    valid: {
      answered: latencies.length,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? NaN,
      windows: windows.map((w) => (w.sent ? w.answered / w.sent : 1)),
    },
    rssMb: rssSamples,
    rss: {
      startMb: rssSamples[0] ?? NaN,
      afterWarmupMb: warm,
      endMb: rssSamples.at(-1) ?? NaN,
      maxMb: Math.max(...rssSamples),
    },
    tcp: tcp.report,
    serverExit,
  };
}

function bind(s: dgram.Socket): Promise<void> {
  return new Promise((resolve) => s.bind(0, "127.0.0.1", () => resolve()));
}
