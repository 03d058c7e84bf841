/**
 * The TCP side of the soak: clients a DNS server meets in the wild, all on loopback, all closed at the
 * end. Idle clients connect and say nothing; slow clients trickle a frame that never completes, one
 * byte every 300 ms; broken clients send garbage frames, half frames, zero-length frames or reset the
 * connection; a flood opens more connections than `netspec serve` accepts at once (1000); a probe
 * asks one real query over a fresh connection every 250 ms and counts the answers.
 */
import net from "node:net";
import type { Rng } from "../engine/index.js";

export interface TcpSoakReport {
  /** How long after connecting the server closed idle and slow connections (ms). */
  idleClosedMs: number[];
  slowClosedMs: number[];
  /** Idle/slow connections still open at the end that had been open more than 15 s. */
  heldPast15s: number;
  broken: number;
  /** Flood connections the server closed while they were held (over its bound), and ones it kept. */
  floodRefused: number;
  floodHeld: number;
  probesSent: number;
  probesAnswered: number;
}

const frame = (b: Uint8Array): Buffer => {
  const out = Buffer.alloc(b.length + 2);
  out.writeUInt16BE(b.length, 0);
  out.set(b, 2);
  return out;
};

export class TcpAbuse {
  private readonly sockets = new Set<net.Socket>();
  private readonly lingerers = new Map<net.Socket, number>();
  private readonly timers = new Set<ReturnType<typeof setInterval>>();
  private stopped = false;
  readonly report: TcpSoakReport = {
    idleClosedMs: [],
    slowClosedMs: [],
    heldPast15s: 0,
    broken: 0,
    floodRefused: 0,
    floodHeld: 0,
    probesSent: 0,
    probesAnswered: 0,
  };

  constructor(
    private readonly port: number,
    private readonly rng: Rng,
    private readonly query: Uint8Array,
  ) {}

  private connect(): net.Socket {
    const s = net.connect(this.port, "127.0.0.1");
    s.on("error", () => {});
    this.sockets.add(s);
    s.on("close", () => this.sockets.delete(s));
    return s;
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(() => (this.stopped ? clearInterval(t) : fn()), ms);
    this.timers.add(t);
  }

  /** A connection that never completes a message: its close time is what the server's deadlines give. */
  private lingering(kind: "idle" | "slow"): void {
    const s = this.connect();
    const start = performance.now();
    this.lingerers.set(s, start);
    let t: ReturnType<typeof setInterval> | undefined;
    if (kind === "slow") {
      s.once("connect", () => s.write(Buffer.from([0xff, 0xff])));
      t = setInterval(() => !s.destroyed && s.write(Buffer.from([this.rng.int(256)])), 300);
      this.timers.add(t);
    }
    s.on("close", () => {
      clearInterval(t);
      this.lingerers.delete(s);
      if (this.stopped) return;
      (kind === "idle" ? this.report.idleClosedMs : this.report.slowClosedMs).push(performance.now() - start);
    });
  }

  private brokenClient(): void {
    const s = this.connect();
    this.report.broken++;
    const how = this.rng.int(4);
    s.once("connect", () => {
      if (how === 0) {
        const junk = new Uint8Array(1 + this.rng.int(300)).map(() => this.rng.int(256));
        s.end(frame(junk));
      } else if (how === 1) s.end(frame(this.query).subarray(0, 2 + this.rng.int(this.query.length)));
      else if (how === 2) s.end(Buffer.from([0, 0]));
      else s.resetAndDestroy();
    });
  }

  private probe(): void {
    const s = this.connect();
    this.report.probesSent++;
    let buf = Buffer.alloc(0);
    s.setTimeout(2000, () => s.destroy());
    s.once("connect", () => s.write(frame(this.query)));
    s.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        this.report.probesAnswered++;
        s.end();
      }
    });
  }

  /**
   * A burst of `n` connections held for `holdMs`: those the server closes meanwhile were refused
   * (over its bound; the kernel's listen backlog may delay some past the burst).
   */
  private flood(n: number, holdMs: number): void {
    const mine: net.Socket[] = [];
    let holding = true;
    for (let i = 0; i < n; i++) {
      const s = this.connect();
      mine.push(s);
      s.on("close", () => holding && !this.stopped && this.report.floodRefused++);
    }
    const end = setTimeout(() => {
      holding = false;
      for (const s of mine) {
        if (!s.destroyed && !s.pending) this.report.floodHeld++;
        s.destroy();
      }
    }, holdMs);
    this.timers.add(end as unknown as ReturnType<typeof setInterval>);
  }

  /** Starts every kind of client; `floodAtMs` (if set) is when the connection flood comes. */
  start(opts: { lingerers: number; floodSize: number; floodAtMs?: number }): void {
    for (let i = 0; i < opts.lingerers; i++) this.lingering(i % 2 === 0 ? "idle" : "slow");
    this.every(50, () => this.brokenClient());
    this.every(250, () => this.probe());
    this.every(1500, () => {
      for (let i = 0; i < 4; i++) this.lingering(i % 2 === 0 ? "idle" : "slow");
    });
    if (opts.floodAtMs !== undefined) {
      // Held 2 s: under the 3 s read deadline, so every close meanwhile is the connection bound's.
      const t = setTimeout(() => this.flood(opts.floodSize, 2000), opts.floodAtMs);
      this.timers.add(t as unknown as ReturnType<typeof setInterval>);
    }
  }

  /** Stops the clients and closes every socket still open. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    const now = performance.now();
    for (const start of this.lingerers.values()) if (now - start > 15_000) this.report.heldPast15s++;
    for (const s of this.sockets) s.destroy();
  }
}
