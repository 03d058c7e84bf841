/**
 * `netspec serve`: the simulated cluster's CoreDNS on real UDP and TCP sockets, so that
 * `dig @127.0.0.1 -p 5353 kubernetes.default.svc.cluster.local` works. The Corefile served is the
 * profile's, or the one given with --corefile; the listen address replaces the Corefile's port.
 */
import type { Command } from "commander";
import { serveDns } from "../../engine/index.js";
import { addClusterFlags, engineFromFlags, type ClusterFlags } from "../cluster-options.js";
import { isServeWorker, parseWorkers, primaryGone, reportReady, superviseWorkers } from "../serve-workers.js";
import { UsageError } from "../usage-error.js";
import type { CommandIo } from "./command-io.js";

export function register(program: Command, io: CommandIo): void {
  addClusterFlags(
    program
      .command("serve")
      .description("serve the simulated cluster's DNS on UDP and TCP")
      .option("--listen <addr:port>", "address to listen on (loopback by default)", "127.0.0.1:5353")
      .option(
        "--workers <n>",
        'processes answering from the same sockets, each with its own copy of the cluster ("auto": one per core)',
        "1",
      ),
  ).action(async (flags: ClusterFlags & { listen: string; workers: string }) => {
    const listen = parseListen(flags.listen);
    const workers = parseWorkers(flags.workers);
    if (workers > 1 && !isServeWorker()) return superviseWorkers(workers, io);
    const engine = engineFromFlags(flags, io.cwd);
    const server = await serveDns({
      listen,
      handle: (packet, meta) =>
        engine.handleWireMessages(packet, {
          transport: meta.transport,
          clientIp: meta.clientIp,
          clientPort: meta.clientPort,
          serverIp: listen.host,
          serverPort: meta.port,
        }),
    });
    if (isServeWorker()) {
      reportReady(server.address, server.port);
      await Promise.race([io.interrupted, primaryGone()]);
      await server.close();
      return;
    }
    io.stderr.write(`netspec: serving DNS on ${server.address}:${server.port} (udp, tcp); Ctrl-C to stop\n`);
    await io.interrupted;
    await server.close();
    io.stderr.write("netspec: stopped\n");
  });
}

export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 0 || port > 65535)
    throw new UsageError(`--listen must be ADDR:PORT (e.g. 127.0.0.1:5353), got "${text}"`);
  return { host: (m[1] ?? m[2])!, port };
}
