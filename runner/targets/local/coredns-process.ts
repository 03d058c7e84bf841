/**
 * Real CoreDNS for the local target: started with the scenario's Corefile (corefile-rewrite.ts) on a
 * loopback address of its own, restarted when the Corefile changes, and considered up once it answers
 * at all (CoreDNS opens its listeners only after the kubernetes plugin synced or gave up after 5s).
 *
 * Replica i listens on 127.(53+i).X.Y port 53 when this process may bind it (a stub resolver such as glibc
 * can only talk to port 53), otherwise a free port on 127.0.0.1.
 */
import { writeFileSync } from "node:fs";
import { queryServer } from "../dns-wire/index.js";
import { localCorefile } from "./corefile-rewrite.js";
import type { Processes } from "./processes.js";
import { freePort, portFree, until } from "./processes.js";

export interface CorednsOptions {
  /** Which replica (0, 1, ...): names the process and picks its address. */
  index: number;
  binary: string;
  dir: string;
  kubeconfig: string;
  upstream: string;
  domain: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export class CorednsProcess {
  host = "127.0.0.1";
  port = 0;
  private running?: string;
  private crashed?: string;
  private generation = 0;

  constructor(
    private readonly processes: Processes,
    private readonly o: CorednsOptions,
  ) {}

  get name(): string {
    return `coredns-${this.o.index}`;
  }

  async stop(): Promise<void> {
    await this.processes.stop(this.name);
    this.running = undefined;
  }

  /** Picks the listening address once. */
  async init(): Promise<void> {
    const host = `127.${53 + this.o.index}.${(process.pid >> 8) & 255}.${process.pid & 255 || 1}`;
    if (await portFree(host, 53, "udp")) [this.host, this.port] = [host, 53];
    else this.port = await freePort(this.host);
  }

  /** The next ensure() restarts even with the same Corefile. */
  forget(): void {
    this.running = undefined;
    this.crashed = undefined;
  }

  /** (Re)start with `corefile` unless it already runs; waits until CoreDNS answers. */
  async ensure(
    corefile: string,
    names: { namespace?: (ns: string) => string; name?: (text: string) => string } = {},
    self: string[] = [],
  ): Promise<void> {
    const text = localCorefile(corefile, {
      self,
      host: this.host,
      port: this.port,
      kubeconfig: this.o.kubeconfig,
      context: "netspec-local",
      upstream: this.o.upstream,
      ...names,
    });
    if (this.running === text || this.crashed === text) return;
    await this.processes.stop(this.name);
    const file = `${this.o.dir}/Corefile.${this.o.index}.${++this.generation}`;
    writeFileSync(file, text);
    this.o.log?.(`local: CoreDNS on ${this.host}:${this.port} with ${file}`);
    this.processes.start(this.name, [this.o.binary, "-conf", file]);
    try {
      await until(
        `CoreDNS on ${this.host}:${this.port}`,
        async () => {
          const r = await queryServer(this.host, this.port, {
            name: `kubernetes.default.svc.${this.o.domain}.`,
            type: "A",
            timeoutMs: 500,
          });
          // The server starts only once the kubernetes plugin synced (or gave up after 5s): any reply.
          return !r.timeout && !r.refused;
        },
        { timeoutMs: 20_000, signal: this.o.signal, check: () => this.processes.check(this.name) },
      );
      // A server forwarding to itself: give the loop plugin the moment it needs to stop it.
      if (text.includes(`forward . ${this.host}:${this.port}`) && /^\s*loop\s*$/m.test(text)) {
        await new Promise((r) => setTimeout(r, 2500));
        this.processes.check(this.name);
      }
    } catch (e) {
      if (!/exited with/.test((e as Error).message))
        throw new Error(`${(e as Error).message}\n${this.processes.tail(this.name)}`);
      // It stopped, as a crash-looping pod would: queries to its address are refused from now on
      // (what kube-proxy's REJECT gives a client when no replica is ready). Not retried this case.
      this.crashed = text;
      this.o.log?.(`local: ${this.name} stopped:\n${this.processes.tail(this.name, 5)}`);
      return;
    }
    this.running = text;
  }
}
