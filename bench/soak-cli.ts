/**
 * `npm run soak -- [--packets N] [--time S] [--flood N]`: the soak of `netspec serve` (soak.ts) with
 * the figures docs/hardening.md records. Defaults: 1,000,000 packets, at most 600 s, a flood of 1,100
 * TCP connections (100 over the server's bound). Exit code 1 when a check fails.
 */
import { runSoak, type SoakReport } from "./soak.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}

/** The soak's pass criteria; an empty list means it passed. */
/**
 * What the soak found wrong. `lateCloseMs` is how long after opening an idle or trickling connection
 * may stay open (the server's read deadline is 3 s; the rest is slack for a loaded machine).
 */
export function soakProblems(r: SoakReport, { lateCloseMs = 5_000 } = {}): string[] {
  const problems: string[] = [];
  r.valid.windows.forEach((w, i) => {
    if (w < 0.99) problems.push(`only ${(w * 100).toFixed(1)}% of valid queries answered in tenth ${i + 1}`);
  });
  // Flat: the second half of the run may not climb past the first half's peak by more than 15 %
  // (+8 MiB for GC headroom). The caches fill during the first half (a million mostly distinct
  // mutated names meet CoreDNS's bounded cache); a leak keeps climbing through the second.
  const half = Math.floor(r.rssMb.length / 2);
  const firstPeak = Math.max(...r.rssMb.slice(0, half));
  const secondPeak = Math.max(...r.rssMb.slice(half));
  if (secondPeak > firstPeak * 1.15 + 8)
    problems.push(
      `RSS climbed from a first-half peak of ${firstPeak.toFixed(0)} to ${secondPeak.toFixed(0)} MiB`,
    );
  if (r.tcp.heldPast15s > 0) problems.push(`${r.tcp.heldPast15s} idle/slow TCP connections held past 15 s`);
  const late = [...r.tcp.idleClosedMs, ...r.tcp.slowClosedMs].filter((ms) => ms > lateCloseMs).length;
  if (late > 0)
    problems.push(`${late} idle/slow TCP connections closed after more than ${lateCloseMs / 1000} s`);
  if (r.serverExit !== 0) problems.push(`netspec serve exited with ${r.serverExit}`);
  return problems;
}

function tenths(xs: number[]): string[] {
  const n = Math.max(1, Math.ceil(xs.length / 10));
  const out: string[] = [];
  for (let i = 0; i < xs.length; i += n) out.push(Math.max(...xs.slice(i, i + n)).toFixed(0));
  return out;
}

export function formatSoak(r: SoakReport): string {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const stats = (xs: number[]) =>
    xs.length
      ? `${xs.length}, ${(Math.min(...xs) / 1000).toFixed(1)}–${(Math.max(...xs) / 1000).toFixed(1)} s`
      : "0";
  return [
    `duration ${(r.durationMs / 1000).toFixed(1)} s, ${r.packets.sent} UDP packets (${r.packets.valid} valid, ${r.packets.mutated} mutated, ${r.packets.random} random; ${r.packets.garbageReplies} replies to garbage)`,
    `valid queries: ${r.valid.answered} answered; p50 ${ms(r.valid.p50Ms)}, p99 ${ms(r.valid.p99Ms)}, max ${ms(r.valid.maxMs)}; answered per tenth: ${r.valid.windows.map((w) => `${(w * 100).toFixed(1)}%`).join(" ")}`,
    `RSS: start ${r.rss.startMb.toFixed(0)} MiB, after warm-up ${r.rss.afterWarmupMb.toFixed(0)}, max ${r.rss.maxMb.toFixed(0)}, end ${r.rss.endMb.toFixed(0)}; peak of each tenth: ${tenths(r.rssMb).join(" ")} (${r.rssMb.length} samples)`,
    `TCP: idle closed ${stats(r.tcp.idleClosedMs)}; slow closed ${stats(r.tcp.slowClosedMs)}; held past 15 s ${r.tcp.heldPast15s}; broken ${r.tcp.broken}; flood refused ${r.tcp.floodRefused}, held ${r.tcp.floodHeld}; probes ${r.tcp.probesAnswered}/${r.tcp.probesSent} answered`,
    `server exit code ${r.serverExit}`,
  ].join("\n");
}

async function main(): Promise<number> {
  const r = await runSoak({
    packets: arg("packets", 1_000_000),
    timeMs: arg("time", 600) * 1000,
    flood: arg("flood", 1100),
    log: (l) => console.log(l),
  });
  console.log(formatSoak(r));
  const problems = soakProblems(r);
  for (const p of problems) console.log(`FAILED: ${p}`);
  console.log(problems.length ? "soak failed" : "soak passed");
  return problems.length ? 1 : 0;
}

if (process.argv[1]?.endsWith("soak-cli.js")) main().then((c) => process.exit(c));
