/**
 * `netspec difftest --corefiles`: each generated case (generate.ts) served by the real CoreDNS binary
 * on a loopback port and by the reference engine's standalone CoreDNS (what `netspec serve --bare`
 * runs), every question sent to the binary from its loopback address and the same packet given to the
 * reference with the same client address and port; the replies compared as `difftest` compares DNS
 * answers (rcode, flags, sorted sections) plus the OPT record and the number of messages. A case
 * with an upstream world (upstream-block.ts) has it served on another loopback port for the binary
 * and given to the reference as its modelled world.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareDns } from "../../parity/index.js";
import type { DnsObs } from "../../observation.js";
import {
  exchangeLoopback,
  freeLoopbackPort,
  packetsObservation,
  queryPacket,
  referenceCorefileServer,
  serveUpstream,
  type CorefileServer,
} from "../../targets/index.js";
import { generateCorefileCase, type CorefileCase, type CorefileQuery } from "./generate.js";
import { reproduction } from "./reproduction.js";

export interface CorefileDiffOptions {
  cases: number;
  seed: number;
  from: number;
  /** The real CoreDNS binary. */
  binary: string;
  /** Where each case's Corefile and zone file are written while it runs. */
  workDir: string;
  progress?: (done: number, total: number, disagreements: number) => void;
  signal?: AbortSignal;
}

export interface CorefileDisagreement {
  case: CorefileCase;
  /** Undefined when the sides disagree on whether the Corefile runs at all. */
  query?: CorefileQuery;
  kind: string;
  differences: string[];
  /** A shell script replaying the case with the real binary and `netspec serve --bare`, and dig. */
  reproduction: string;
}

export interface CorefileDiffResult {
  cases: number;
  queries: number;
  errors: { id: string; message: string }[];
  disagreements: CorefileDisagreement[];
}

/** The OPT record and the message count, which compareDns leaves out. */
function extraDifferences(ref: DnsObs, real: DnsObs): string[] {
  const out: string[] = [];
  const opt = (o: DnsObs) => JSON.stringify(o.edns ?? null);
  if (opt(ref) !== opt(real)) out.push(`edns ${opt(ref)} vs ${opt(real)}`);
  const n = (o: DnsObs) => o.reasons.find((r) => r.endsWith(" messages")) ?? "1 message";
  if (!ref.timeout && !real.timeout && n(ref) !== n(real)) out.push(`${n(ref)} vs ${n(real)}`);
  return out;
}

/** Waits until the binary answers on `port`, or says why it stopped. */
async function started(proc: ChildProcess, port: number, stderr: () => string): Promise<string | undefined> {
  for (let i = 0; i < 60; i++) {
    if (proc.exitCode !== null) return stderr().trim().split("\n").pop() ?? `exited ${proc.exitCode}`;
    const q: CorefileQuery = { name: "probe.invalid", type: "A", transport: "udp", from: "127.0.0.1" };
    const got = await exchangeLoopback(port, { ...q, id: 1 }, queryPacket({ ...q, id: 1 }), {
      timeoutMs: 100,
    });
    if (got.length) return undefined;
  }
  return "CoreDNS did not answer within 6 s";
}

/**
 * Starts the binary on a free loopback port: the port, the process, and why it stopped when it
 * would not run the Corefile. A port another process took between the probe and CoreDNS's bind is
 * tried again with another (CoreDNS binds `:PORT` on every address).
 */
async function startReal(
  binary: string,
  dir: string,
  corefile: string,
): Promise<{ port: number; proc: ChildProcess; refused?: string }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freeLoopbackPort();
    writeFileSync(join(dir, "Corefile"), corefile.replaceAll("PORT", String(port)));
    let err = "";
    const proc = spawn(binary, ["-conf", join(dir, "Corefile")], { stdio: ["ignore", "ignore", "pipe"] });
    proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    const refused = await started(proc, port, () => err);
    if (refused?.includes("address already in use") && attempt < 3) {
      proc.kill("SIGTERM");
      continue;
    }
    if (refused?.includes("did not answer")) {
      proc.kill("SIGTERM");
      throw new Error(refused);
    }
    return { port, proc, ...(refused ? { refused } : {}) };
  }
}

/** Runs one case; its disagreements, or throws when the case could not run. */
async function runCase(
  c: CorefileCase,
  o: CorefileDiffOptions,
): Promise<{ queries: number; found: CorefileDisagreement[] }> {
  const dir = mkdtempSync(join(o.workDir, `case-${c.id.replace(":", "-")}-`));
  const files = Object.fromEntries(Object.entries(c.files).map(([n, t]) => [join(dir, n), t]));
  for (const [path, text] of Object.entries(files)) writeFileSync(path, text);
  // The upstream world on an ephemeral port free for UDP and TCP (serveDns port 0; CoreDNS binds
  // :PORT on every address), the same UpstreamWorld and UDP cut as the reference's model.
  const world = c.upstream ? await serveUpstream(c.upstream, { host: "127.0.0.1", port: 0 }) : undefined;
  const corefile = c.corefile.replaceAll("DIR", dir).replaceAll("WORLD", `127.0.0.1:${world?.port ?? 0}`);
  const ref: CorefileServer = referenceCorefileServer(
    corefile.replaceAll("PORT", "53"),
    files,
    1,
    c.upstream ?? [],
  );
  const found: CorefileDisagreement[] = [];
  const disagree = (query: CorefileQuery | undefined, kind: string, differences: string[]) =>
    found.push({
      case: c,
      ...(query ? { query } : {}),
      kind,
      differences,
      reproduction: reproduction(c, query),
    });
  let proc: ChildProcess | undefined;
  try {
    const real = await startReal(o.binary, dir, corefile);
    proc = real.proc;
    const { port, refused } = real;
    if (refused || ref.refused) {
      if (!refused || !ref.refused)
        disagree(undefined, "corefile accepted by one side", [
          `reference: ${ref.refused ?? "runs"}`,
          `coredns:   ${refused ?? "runs"}`,
        ]);
      return { queries: 0, found };
    }
    for (const [i, q] of c.queries.entries()) {
      const question = { ...q, id: 100 + i };
      const packet = queryPacket(question);
      let clientPort = 0;
      const real = await exchangeLoopback(port, question, packet, {
        onPort: (p) => (clientPort = p),
      });
      // request.LocalIP is the ResponseWriter's LocalAddr (miekg/dns server.go response.LocalAddr):
      // over TCP the accepted connection's address, over UDP the listening socket's, which for a
      // server block without `bind` is the wildcard `[::]:PORT`.
      const mine = ref.answer(packet, {
        transport: q.transport,
        clientIp: q.from,
        clientPort,
        serverIp: q.transport === "udp" ? "::" : "127.0.0.1",
        serverPort: port,
      });
      const a = packetsObservation(mine, q.transport, "reference");
      const b = packetsObservation(real, q.transport, "coredns");
      const differences = [...compareDns(a, b), ...extraDifferences(a, b)];
      if (differences.length) disagree(q, `${q.type}: ${differences[0]!.split(/[ :]/)[0]}`, differences);
    }
    return { queries: c.queries.length, found };
  } finally {
    proc?.kill("SIGTERM");
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cases `from`..`from+cases-1` of `seed`, one real CoreDNS process each. */
export async function runCorefileDiff(o: CorefileDiffOptions): Promise<CorefileDiffResult> {
  mkdirSync(o.workDir, { recursive: true });
  const result: CorefileDiffResult = { cases: 0, queries: 0, errors: [], disagreements: [] };
  for (let i = o.from; i < o.from + o.cases; i++) {
    if (o.signal?.aborted) break;
    const c = generateCorefileCase(o.seed, i);
    try {
      const r = await runCase(c, o);
      result.cases++;
      result.queries += r.queries;
      result.disagreements.push(...r.found);
    } catch (e) {
      result.errors.push({ id: c.id, message: (e as Error).message });
    }
    o.progress?.(i - o.from + 1, o.cases, result.disagreements.length);
  }
  return result;
}
