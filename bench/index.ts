/**
 * `npm run bench`: the benchmarks recorded in BENCHMARKS.md. Every section is bounded in count and
 * time so the whole run fits in a few minutes on a 2-core machine. Run with `--expose-gc` (the npm
 * script does) so memory figures are measured after collection.
 *
 *   npm run bench -- [section...]   sections: engine dns netpol suites parser dnsperf coredns
 *                                   (default: all but dnsperf; coredns skips itself without dnsperf
 *                                   or a CoreDNS binary)
 *
 * The run ends with the headline figures (headlines.ts) the sections recorded, in one table.
 */
import { engineScale } from "./engine-scale.js";
import { dnsInProcess } from "./dns-in-process.js";
import { netpolTables } from "./netpol-tables.js";
import { suiteThroughput, parserThroughput } from "./suite-throughput.js";
import { dnsperfRatio } from "./dnsperf.js";
import { versusCoredns } from "./versus-coredns.js";
import { cpus, loadavg, totalmem } from "node:os";
import { headlineTable } from "./headlines.js";

const sections: Record<string, () => Promise<string[]>> = {
  engine: engineScale,
  dns: dnsInProcess,
  netpol: netpolTables,
  suites: suiteThroughput,
  parser: parserThroughput,
  dnsperf: dnsperfRatio,
  coredns: versusCoredns,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const names = asked.length > 0 ? asked : ["engine", "dns", "netpol", "suites", "parser", "coredns"];
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `# netspec benchmarks — node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  for (const name of names) {
    const run = sections[name];
    if (!run) {
      console.error(`unknown section "${name}"; known: ${Object.keys(sections).join(", ")}`);
      process.exitCode = 3;
      return;
    }
    console.log(`\n## ${name}\n`);
    for (const line of await run()) console.log(line);
  }
  console.log(
    `\n## headlines (one run: ${new Date().toISOString()}, node ${process.version}, ${cpus().length} × ${cpu}, load avg ${loadavg()[0]!.toFixed(1)} at the end)\n`,
  );
  const headlineSections = ["coredns", "engine", "netpol"].filter((s) => names.includes(s));
  for (const line of headlineTable(headlineSections)) console.log(line);
}

await main();
