/**
 * `netspec serve --workers N`: N processes (node:cluster) answering from one UDP socket and one TCP
 * listener. Node 20's dgram has no SO_REUSEPORT; cluster workers binding the same address instead get
 * the primary's one UDP handle (lib/internal/cluster/primary.js queryServer: UDP is always a
 * SharedHandle), so the kernel hands each datagram to whichever worker reads first. TCP connections
 * are accepted by the primary and passed round-robin. Each worker loads the manifests and keeps its
 * own engine and reply cache: answers are identical, as every worker builds the same seeded cluster.
 *
 * The primary only supervises: it prints the output of the first worker that fails to start (so a
 * manifest error is printed once, with that worker's exit code), prints the serving line once every worker listens,
 * and on Ctrl-C/SIGTERM stops the workers and waits for them.
 */
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import type { CommandIo } from "./commands/command-io.js";
import { UsageError } from "./usage-error.js";

/** What a worker tells the primary once its sockets are bound. */
interface ReadyMessage {
  netspecServe: "ready";
  address: string;
  port: number;
}

const isReady = (m: unknown): m is ReadyMessage =>
  typeof m === "object" && m !== null && (m as ReadyMessage).netspecServe === "ready";

/** `--workers`: a count, or `auto` for one per available core. */
export function parseWorkers(text: string): number {
  if (text === "auto") return availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`--workers must be a whole number from 1 to 256 or "auto", got "${text}"`);
  return n;
}

/** Whether this process is a worker the serve command's primary started. */
export const isServeWorker = (): boolean => cluster.isWorker;

/** In a worker: report the bound address to the primary. */
export function reportReady(address: string, port: number): void {
  const msg: ReadyMessage = { netspecServe: "ready", address, port };
  process.send?.(msg);
}

/** In a worker: resolves when the primary goes away (it crashed or stopped us). */
export function primaryGone(): Promise<void> {
  return new Promise((resolve) => process.once("disconnect", () => resolve()));
}

/**
 * In the primary: start `count` workers running the same command line, wait until all listen, print
 * the serving line, and stop them on interrupt.
 */
export async function superviseWorkers(count: number, io: CommandIo): Promise<void> {
  cluster.setupPrimary({ silent: true });
  const workers: Worker[] = [];
  const exited = new Map<Worker, number>();
  let failed: { code: number; output: string } | undefined;
  let listening: ReadyMessage | undefined;
  let readyCount = 0;
  let allReady: () => void = () => {};
  let anyFailed: () => void = () => {};
  const ready = new Promise<void>((resolve) => (allReady = resolve));
  const failure = new Promise<void>((resolve) => (anyFailed = resolve));
  const allExited = () => exited.size === workers.length;
  let exitWaiter: () => void = () => {};
  const done = new Promise<void>((resolve) => (exitWaiter = resolve));
  let stopping = false;

  for (let i = 0; i < count; i++) {
    const w = cluster.fork();
    workers.push(w);
    // Kept, not relayed: every worker would print the same start-up lines. The first failing
    // worker's output is printed once, with its exit code.
    let output = "";
    w.process.stderr?.on("data", (b: Buffer) => {
      output = (output + b.toString()).slice(-4096);
    });
    w.process.stdout?.resume();
    w.on("message", (m: unknown) => {
      if (!isReady(m)) return;
      listening ??= m;
      if (++readyCount === count) allReady();
    });
    w.on("exit", (code, signal) => {
      exited.set(w, code ?? 1);
      if (!listening || readyCount < count) {
        failed ??= { code: code ?? 2, output };
        anyFailed();
      } else if (!stopping) {
        io.stderr.write(
          `netspec: serve worker ${w.process.pid} exited (${signal ?? code}); ${count - exited.size} left\n${output}`,
        );
      }
      if (allExited()) exitWaiter();
    });
  }
  const stop = () => {
    stopping = true;
    for (const w of workers) if (!exited.has(w)) w.process.kill("SIGTERM");
  };

  await Promise.race([ready, failure, io.interrupted]);
  if (!failed && readyCount < count) {
    // Interrupted while the workers were still loading.
    stop();
    await done;
    io.stderr.write("netspec: stopped\n");
    return;
  }
  if (failed) {
    stop();
    await done;
    io.stderr.write(failed.output);
    io.setExitCode(failed.code);
    return;
  }
  const at = listening!;
  io.stderr.write(
    `netspec: serving DNS on ${at.address}:${at.port} (udp, tcp) with ${count} workers; Ctrl-C to stop\n`,
  );
  await Promise.race([io.interrupted, done]);
  stop();
  await done;
  io.stderr.write("netspec: stopped\n");
}
