/**
 * The parity harness: the real CoreDNS binary and `netspec serve --bare` started on loopback with
 * the same Corefile, questions asked of both over UDP or TCP (from 127.0.0.1 or another loopback
 * address, for plugin/view), replies rendered as dig shows them with each section sorted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, encodeMessage, makeQuery } from "../../engine/index.js";
import type { DnsMessage } from "../../engine/index.js";
import { digText as digReply } from "../../engine/dns/plugins/testing/corefile.js";
import { exchangeLoopback, freeLoopbackPort } from "../../runner/targets/index.js";
import { cacheDir } from "../../runner/targets/local/index.js";

const root = join(import.meta.dirname, "..", "..");

/** NETSPEC_COREDNS, or the newest bin/coredns-v* of the local target's cache. */
export function corednsBinary(): string | undefined {
  const fromEnv = process.env.NETSPEC_COREDNS;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const dir = join(cacheDir(process.env), "bin");
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir)
    .filter((f) => /^coredns-v[\d.]+$/.test(f))
    .sort();
  return found.length ? join(dir, found[found.length - 1]!) : undefined;
}

export interface Ask {
  name: string;
  type: string;
  class?: string;
  nsid?: boolean;
  bufsize?: number;
  /** Ask over TCP (zone transfers). */
  tcp?: boolean;
  /** The client's source address (default 127.0.0.1): plugin/view tells clients apart by it. */
  from?: string;
}

function query(a: Ask, id: number): DnsMessage {
  const q = makeQuery({ name: a.name, type: a.type, id, ...(a.class ? { class: a.class } : {}) });
  if (a.bufsize || a.nsid) q.edns = { udpSize: a.bufsize ?? 1232, do: false, options: [] };
  if (a.nsid) q.edns!.options.push({ code: 3, data: new Uint8Array() });
  return q;
}

/** One question over UDP from `a.from`: the reply, none on timeout (1.5 s). */
export function ask(port: number, a: Ask, id: number): Promise<DnsMessage[]> {
  return exchange(port, a, id, "udp");
}

/**
 * One question over TCP: the reply, or for an AXFR every message until the closing SOA
 * (RFC 5936 §2.2), as dig +tcp reads a transfer; 5 s for the whole of it.
 */
export function askTcp(port: number, a: Ask, id: number): Promise<DnsMessage[]> {
  return exchange(port, a, id, "tcp");
}

async function exchange(port: number, a: Ask, id: number, transport: "udp" | "tcp"): Promise<DnsMessage[]> {
  const q = { name: a.name, type: a.type, transport, from: a.from ?? "127.0.0.1", id };
  const packets = await exchangeLoopback(port, q, encodeMessage(query(a, id)), { tcpTimeoutMs: 5000 });
  return packets.map((p) => decodeMessage(p));
}

/** digReply of each message with its sections sorted (CoreDNS's test.SortAndCheck), SOA serials dropped. */
export function view(msgs: DnsMessage[]): string {
  if (!msgs.length) return digReply(undefined);
  return msgs.map(viewOne).join("\n;; next message\n");
}

function viewOne(m: DnsMessage): string {
  const lines = digReply(m).split("\n");
  const out: string[] = [];
  let section: string[] = [];
  const flush = () => (out.push(...section.sort()), (section = []));
  for (const l of lines) {
    if (l.startsWith(";;")) {
      flush();
      out.push(l);
    } else {
      // whoami's SRV port is the client's source port: each server sees its own socket's.
      const line = l
        .replace(/( SOA \S+ \S+) \d+ /, "$1 <serial> ")
        .replace(/^(_(?:udp|tcp)\.\S+ 0 IN SRV 0 0) \d+ /, "$1 <port> ");
      section.push(line);
    }
  }
  flush();
  return out.join("\n");
}

async function until(port: number): Promise<void> {
  // Up to about two minutes: both servers start while the rest of `npm test` loads both cores.
  for (let i = 0; i < 110; i++) {
    if ((await ask(port, { name: "probe.invalid", type: "A" }, 1)).length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answers on 127.0.0.1:${port}`);
}

/** The two servers of one case: real CoreDNS and `netspec serve --bare`, and how to stop them. */
export interface Pair {
  ports: { real: number; model: number };
  stop(): void;
}

/**
 * Starts both servers with `corefile` (`PORT` the port, `DIR` the temporary directory holding
 * `files`) and waits until each answers. `manifests`: the cluster `netspec serve` models (the real
 * CoreDNS reads its own API server, named by the Corefile's kubeconfig); none by default.
 */
export async function startPair(
  binary: string,
  corefile: string,
  files: Record<string, string> = {},
  manifests: string[] = [],
): Promise<Pair> {
  const procs: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "netspec-parity-"));
  const ports = { real: await freeLoopbackPort(), model: await freeLoopbackPort() };
  const stop = () => {
    for (const p of procs) p.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const text = corefile.replaceAll("DIR", dir);
  writeFileSync(join(dir, "real.Corefile"), text.replaceAll("PORT", String(ports.real)));
  writeFileSync(join(dir, "model.Corefile"), text.replaceAll("PORT", "53"));
  writeFileSync(join(dir, "empty.yaml"), "");
  procs.push(spawn(binary, ["-conf", join(dir, "real.Corefile")], { stdio: "ignore" }));
  const models = manifests.length ? manifests : [join(dir, "empty.yaml")];
  const serve = [join(root, "bin", "netspec.js"), "serve", "--bare", "--manifests", ...models];
  serve.push("--corefile", join(dir, "model.Corefile"), "--listen", `127.0.0.1:${ports.model}`);
  procs.push(spawn(process.execPath, serve, { stdio: "ignore" }));
  try {
    await Promise.all([until(ports.real), until(ports.model)]);
  } catch (e) {
    stop();
    throw e;
  }
  return { ports, stop };
}
