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
import type { Rng } from "../engine/index.js";
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
  /**
   * The run lasts at least this long, TCP clients still coming and going after the last packet: the
   * server's 3 s read deadline must get to close idle clients even when the packets go out in 3 s.
   */
  minMs?: number;
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
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return NaN; // the server is gone: the soak stops and reports how it exited
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Starts `netspec serve` on an ephemeral loopback port. */
async function startServer(): Promise<{ proc: ChildProcess; port: number; stderr: () => string }> {
  const bin = join(root, "bin", "netspec.js");
  // The netpol suites' cluster: namespaces x, y, z with pods a, b, c and a Service per pod.
  const manifests = join(root, "suites", "netpol", "fixtures", "xyz-abc.yaml");
  const proc = spawn(process.execPath, [bin, "serve", "--manifests", manifests, "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  let port: number | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running when it never says where it listens.
      proc.kill("SIGKILL");
      reject(new Error(`netspec serve did not start: ${err}`));
    }, 30_000);
    proc.stderr!.on("data", (b: Buffer) => {
      // The tail only: the server logs for as long as the soak runs.
      err = (err + b.toString()).slice(-8192);
      const m = /serving DNS on [^:]+:(\d+)/.exec(err);
      if (m && port === undefined) {
        port = Number(m[1]);
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on(
      "exit",
      (code) => (clearTimeout(timer), reject(new Error(`netspec serve exited (${code}): ${err}`))),
    );
  });
  return { proc, port: port!, stderr: () => err };
}

async function stopServer(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
  proc.kill("SIGINT");
  const killer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
  const code = await exited;
  clearTimeout(killer);
  return code;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

/** The UDP side: a socket for timed valid queries, one for garbage; closed-loop rounds. */
class UdpLoad {
  readonly packets = { sent: 0, valid: 0, mutated: 0, random: 0, garbageReplies: 0 };
  readonly latencies: number[] = [];
  readonly windows = Array.from({ length: 10 }, () => ({ sent: 0, answered: 0 }));
  private readonly valid = dgram.createSocket("udp4");
  private readonly junk = dgram.createSocket("udp4");
  private readonly pending = new Map<number, { at: number; window: number }>();
  private roundDone: (() => void) | undefined;
  private nextId = 1;

  constructor(
    private readonly port: number,
    private readonly rng: Rng,
    private readonly templates: Uint8Array[],
  ) {
    this.junk.on("message", () => this.packets.garbageReplies++);
    this.valid.on("message", (m) => {
      const p = this.pending.get(m.readUInt16BE(0));
      if (!p) return;
      this.pending.delete(m.readUInt16BE(0));
      this.latencies.push(performance.now() - p.at);
      this.windows[p.window]!.answered++;
      if (this.pending.size === 0) this.roundDone?.();
    });
  }

  bind(): Promise<void[]> {
    return Promise.all([bind(this.valid), bind(this.junk)]);
  }

  private template(): Uint8Array {
    return this.templates[this.rng.int(this.templates.length)]!;
  }

  /** Sends up to `n` packets, one in `validEvery` a timed valid query counted in `window`. */
  sendRound(n: number, validEvery: number, window: number): void {
    const { rng, packets } = this;
    const mctx = { rng, maxLen: 600, dictionary: [], other: () => this.template(), text: false };
    for (let i = 0; i < n; i++, packets.sent++) {
      if (i % validEvery === 0) {
        const q = Uint8Array.from(this.template());
        const id = this.nextId++ & 0xffff;
        q[0] = id >> 8;
        q[1] = id & 0xff;
        this.pending.set(id, { at: performance.now(), window });
        this.windows[window]!.sent++;
        packets.valid++;
        this.valid.send(q, this.port, "127.0.0.1");
      } else if (rng.next() < 0.5) {
        packets.mutated++;
        this.junk.send(mutate(this.template(), mctx), this.port, "127.0.0.1");
      } else {
        packets.random++;
        this.junk.send(
          new Uint8Array(rng.int(600)).map(() => rng.int(256)),
          this.port,
          "127.0.0.1",
        );
      }
    }
  }

  /** Waits for the round's valid answers (at most 1 s); unanswered ones count as lost. */
  async waitRound(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.pending.size === 0) return resolve();
      this.roundDone = resolve;
      setTimeout(resolve, 1000);
    });
    this.roundDone = undefined;
    this.pending.clear();
  }

  close(): void {
    this.valid.close();
    this.junk.close();
  }
}

function summarise(
  udp: UdpLoad,
  rssSamples: number[],
  tcp: TcpSoakReport,
  t0: number,
  serverExit: number | null,
): SoakReport {
  const sorted = [...udp.latencies].sort((a, b) => a - b);
  const warm = rssSamples[Math.min(rssSamples.length - 1, Math.floor(rssSamples.length / 10))] ?? NaN;
  return {
    durationMs: performance.now() - t0,
    packets: udp.packets,
    valid: {
      answered: udp.latencies.length,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? NaN,
      windows: udp.windows.map((w) => (w.sent ? w.answered / w.sent : 1)),
    },
    rssMb: rssSamples,
    rss: {
      startMb: rssSamples[0] ?? NaN,
      afterWarmupMb: warm,
      endMb: rssSamples.at(-1) ?? NaN,
      maxMb: Math.max(...rssSamples),
    },
    tcp,
    serverExit,
  };
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const rng = createRng(opts.seed ?? 22);
  const round = opts.round ?? 200;
  const log = opts.log ?? (() => {});
  const templates = NAMES.map(([name, type], i) => encodeMessage(makeQuery({ name, type, id: i + 1 })));
  const { proc, port, stderr } = await startServer();
  const udp = new UdpLoad(port, rng, templates);
  const tcp = new TcpAbuse(port, rng.fork("tcp"), templates[0]!);
  const rssSamples: number[] = [rssMb(proc.pid!)];
  const sampler = setInterval(() => rssSamples.push(rssMb(proc.pid!)), 500);
  const t0 = performance.now();
  let serverExit: number | null = null;
  try {
    await udp.bind();
    tcp.start({
      lingerers: opts.lingerers ?? 20,
      floodSize: opts.flood ?? 0,
      floodAtMs: opts.floodAtMs ?? 10_000,
    });
    const running = () => proc.exitCode === null && proc.signalCode === null;
    while (running() && udp.packets.sent < opts.packets && performance.now() - t0 < opts.timeMs) {
      const progress = Math.max(udp.packets.sent / opts.packets, (performance.now() - t0) / opts.timeMs);
      udp.sendRound(
        Math.min(round, opts.packets - udp.packets.sent),
        opts.validEvery ?? 5,
        Math.min(9, Math.floor(progress * 10)),
      );
      await udp.waitRound();
      if (udp.packets.sent % 100_000 < round)
        log(
          `${udp.packets.sent} packets, ${((performance.now() - t0) / 1000).toFixed(0)} s, rss ${rssSamples.at(-1)?.toFixed(0)} MiB`,
        );
    }
    if (!running())
      log(
        `netspec serve stopped mid-soak (${proc.exitCode ?? proc.signalCode}); its stderr ends:\n${stderr()}`,
      );
    // Let the last idle and slow clients meet the server's deadlines before counting them.
    const rest = Math.max(500, (opts.minMs ?? 0) - (performance.now() - t0));
    await new Promise((r) => setTimeout(r, rest));
  } finally {
    clearInterval(sampler);
    tcp.stop();
    udp.close();
    serverExit = await stopServer(proc);
  }
  return summarise(udp, rssSamples, tcp.report, t0, serverExit);
}

function bind(s: dgram.Socket): Promise<void> {
  return new Promise((resolve) => s.bind(0, "127.0.0.1", () => resolve()));
}
