/**
 * The local target's long-running processes (etcd, kube-apiserver, kube-controller-manager, CoreDNS):
 * started with their output in `<dir>/<name>.log`, watched for an early exit (which fails the wait
 * with the log's last lines instead of a timeout), and stopped newest first with SIGTERM, then
 * SIGKILL after a grace period — on success, failure and Ctrl-C alike.
 */
import { execa, type ResultPromise } from "execa";
import { createWriteStream, readFileSync } from "node:fs";
import dgram from "node:dgram";
import net from "node:net";

interface Running {
  name: string;
  log: string;
  child: ResultPromise;
  exited?: string;
}

/** Told about every process as it starts (the local cluster journals them). */
export type OnStart = (p: { name: string; pid: number; log: string }) => void;

export class Processes {
  private readonly running: Running[] = [];

  constructor(
    private readonly dir: string,
    private readonly onStart?: OnStart,
  ) {}

  /** Start `argv` with its output in `<dir>/<name>.log`; returns its pid. */
  start(name: string, argv: string[], o: { env?: Record<string, string> } = {}): number {
    const log = `${this.dir}/${name}.log`;
    const out = createWriteStream(log, { flags: "a" });
    const child = execa(argv[0]!, argv.slice(1), {
      reject: false,
      stdin: "ignore",
      buffer: false,
      cleanup: true,
      ...(o.env ? { env: o.env } : {}),
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const r: Running = { name, log, child };
    void child.then((res) => {
      r.exited = `exited with ${res.exitCode ?? res.signal ?? "?"}`;
    });
    this.running.push(r);
    if (child.pid !== undefined) this.onStart?.({ name, pid: child.pid, log });
    return child.pid ?? -1;
  }

  /** Whether `name` runs (started and not exited). */
  isRunning(name: string): boolean {
    return this.running.some((x) => x.name === name && !x.exited);
  }

  /** The processes that exited on their own (a crash, a kill): stop() forgets the ones it stops. */
  down(): { name: string; how: string; tail: string }[] {
    return this.running
      .filter((r) => r.exited)
      .map((r) => ({ name: r.name, how: r.exited!, tail: this.tail(r.name, 5) }));
  }

  /** Throws with the log's tail when `name` has exited. */
  check(name: string): void {
    const r = this.running.find((x) => x.name === name && x.exited);
    if (r) throw new Error(`${name} ${r.exited}:\n${this.tail(name)}`);
  }

  tail(name: string, lines = 15): string {
    const r = this.running.find((x) => x.name === name);
    try {
      return r ? readFileSync(r.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : "";
    } catch {
      return "";
    }
  }

  logs(): { name: string; path: string }[] {
    return this.running.map((r) => ({ name: r.name, path: r.log }));
  }

  /**
   * Send `signal` to the running process `name` (SIGSTOP freezes it as a hung component, SIGCONT
   * thaws it); false when no such process runs.
   */
  signal(name: string, signal: "SIGSTOP" | "SIGCONT"): boolean {
    const r = this.running.find((x) => x.name === name && !x.exited);
    return r ? r.child.kill(signal) : false;
  }

  async stop(name?: string): Promise<void> {
    const victims = this.running.filter((r) => name === undefined || r.name === name).reverse();
    for (const r of victims) {
      if (!r.exited) {
        // A frozen process (a fault's SIGSTOP) acts on SIGTERM only once it runs again.
        r.child.kill("SIGCONT");
        r.child.kill("SIGTERM");
        const killer = setTimeout(() => r.child.kill("SIGKILL"), 5000);
        await r.child.catch(() => undefined);
        clearTimeout(killer);
      }
      this.running.splice(this.running.indexOf(r), 1);
    }
  }
}

/** A TCP port nobody listens on at `host` right now (the OS picks it). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether `port` on `host` can be listened on (TCP) or bound (UDP) right now. */
export function portFree(host: string, port: number, protocol: "tcp" | "udp" = "tcp"): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === "udp") {
      const s = dgram.createSocket("udp4");
      s.once("error", () => (s.close(), resolve(false)));
      s.bind(port, host, () => s.close(() => resolve(true)));
      return;
    }
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** Poll `ready` every 100 ms until it holds, the deadline passes (throws) or `check` throws. */
export async function until(
  what: string,
  ready: () => Promise<boolean>,
  o: { timeoutMs: number; check?: () => void; signal?: AbortSignal },
): Promise<void> {
  const end = Date.now() + o.timeoutMs;
  for (;;) {
    o.check?.();
    if (o.signal?.aborted) throw new Error(`interrupted while waiting for ${what}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${o.timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
