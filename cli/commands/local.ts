/**
 * `netspec local build [--coredns-version V]`: build (or reuse) the local target's components —
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler and CoreDNS — from the Go module proxy
 * into .netspec-cache/bin, and print a JSON map component → binary. A second call is instant.
 * (`--target local` itself is not available yet: see the local target's README.)
 */
import type { Command } from "commander";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildComponents, DEFAULT_COREDNS_VERSION, execaRunner } from "../../runner/index.js";
import type { CliIo } from "../cli-io.js";

export function register(program: Command, io: CliIo): void {
  const local = program.command("local").description("the local control-plane target's toolchain");
  local
    .command("build")
    .description("build or reuse etcd, kube-apiserver, kube-controller-manager, kube-scheduler and CoreDNS")
    .option("--coredns-version <version>", "CoreDNS release to build", DEFAULT_COREDNS_VERSION)
    .action(async (flags: { corednsVersion: string }) => {
      // The Go modules ship with the package: resolve them from this file, not from the cwd.
      const root = resolve(fileURLToPath(import.meta.url), "../../../..");
      const paths = await buildComponents({
        root,
        cacheDir: join(root, ".netspec-cache"),
        corednsVersion: flags.corednsVersion,
        runner: execaRunner(),
        host: {
          exists: (p) => existsSync(p),
          mkdir: (p) => mkdirSync(p, { recursive: true }),
          writeFile: (p, t) => writeFileSync(p, t),
        },
        log: (line) => io.stderr.write(`netspec: ${line}\n`),
        signal: io.signal,
      });
      io.stdout.write(`${JSON.stringify(paths)}\n`);
    });
}
