/**
 * `netspec serve` under dnsperf on loopback: queries per second and latency over UDP. Needs dnsperf
 * (Debian package `dnsperf`); the section says so and is skipped when it is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticManifests, queryMix } from "./synthetic-cluster.js";
import { started } from "./measure.js";

const root = resolve(fileURLToPath(import.meta.url), "../../..");

export async function dnsperfRatio(): Promise<string[]> {
  if (spawnSync("dnsperf", ["-h"]).error)
    return ["dnsperf is not installed (apt-get install dnsperf): section skipped"];
  const shape = { services: 1_000, pods: 10_000, namespaces: 50, headlessEvery: 5 };
  const dir = mkdtempSync(join(tmpdir(), "netspec-bench-"));
  writeFileSync(join(dir, "cluster.yaml"), syntheticManifests(shape));
  writeFileSync(
    join(dir, "queries.txt"),
    queryMix(shape)
      .map((q) => `${q.name} ${q.type}`)
      .join("\n") + "\n",
  );
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = spawn(
    process.execPath,
    [
      join(root, "bin/netspec.js"),
      "serve",
      "--manifests",
      join(dir, "cluster.yaml"),
      "--nodes",
      "50",
      "--pod-cidr",
      "10.0.0.0/8",
      "--listen",
      `127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  try {
    await started(server, /serving DNS/, "netspec serve");
    const run = spawnSync(
      "dnsperf",
      [
        "-s",
        "127.0.0.1",
        "-p",
        String(port),
        "-d",
        join(dir, "queries.txt"),
        "-l",
        "10",
        "-c",
        "4",
        "-Q",
        "200000",
      ],
      {
        encoding: "utf8",
      },
    );
    const out = run.stdout ?? "";
    const pick = (label: string) => new RegExp(`${label}:\\s+([0-9.]+)`).exec(out)?.[1] ?? "?";
    return [
      "`dnsperf -s 127.0.0.1 -p PORT -d queries.txt -l 10 -c 4` against `netspec serve` (1,000 services, 10,000 pods)",
      `queries per second: ${pick("Queries per second")}`,
      `average latency (s): ${pick("Average Latency \\(s\\)")}`,
      `queries lost: ${/Queries lost:\s+(\d+)/.exec(out)?.[1] ?? "?"}`,
    ];
  } finally {
    server.kill("SIGINT");
  }
}
