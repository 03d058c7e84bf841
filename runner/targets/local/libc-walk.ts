/**
 * A resolver walk by a real libc: getaddrinfo with AF_INET (the A-only walk the reference models for
 * a `resolve ... A` probe) — this machine's glibc through `getent ahostsv4 NAME`, or musl through
 * the static `musl-lookup` helper `netspec local build` compiles — in a private mount namespace
 * whose /etc/resolv.conf, /etc/hosts and /etc/nsswitch.conf are the pod's (as the reference's
 * kubelet wrote them), with cluster DNS pointed at a recording proxy in front of CoreDNS. The
 * questions the resolver asks, in order, are the walk.
 *
 * The final status follows getaddrinfo: an address → NOERROR; otherwise NODATA when some search
 * name existed without an address, SERVFAIL when a server failed, TIMEOUT when nothing answered,
 * else NXDOMAIN.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolveObs, ResolveTry } from "../../observation.js";
import type { CommandRunner } from "../kube/index.js";

export interface LibcWalkOptions {
  libc: "glibc" | "musl";
  /** musl: the musl-lookup binary. */
  muslLookup?: string;
  name: string;
  resolvConf: string;
  hosts: string;
  runner: CommandRunner;
  signal?: AbortSignal;
  /** Reads the recorded questions once getent has returned. */
  recorded: () => ResolveTry[];
  dir: string;
}

export async function libcWalk(
  o: LibcWalkOptions,
): Promise<Omit<ResolveObs, "reasons"> & { reasons: string[] }> {
  const dir = mkdtempSync(join(o.dir, "walk-"));
  writeFileSync(`${dir}/resolv.conf`, o.resolvConf);
  writeFileSync(`${dir}/hosts`, o.hosts);
  writeFileSync(`${dir}/nsswitch.conf`, "hosts: files dns\n");
  const script = [
    `mount --bind ${dir}/resolv.conf /etc/resolv.conf`,
    `mount --bind ${dir}/hosts /etc/hosts`,
    `mount --bind ${dir}/nsswitch.conf /etc/nsswitch.conf`,
    o.libc === "musl" ? `exec "$1" "$0"` : `exec getent ahostsv4 "$0"`,
  ].join(" && ");
  const started = performance.now();
  const r = await o.runner.run(
    [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      script,
      o.name,
      ...(o.libc === "musl" ? [o.muslLookup ?? "musl-lookup"] : []),
    ],
    {
      signal: o.signal,
    },
  );
  const elapsedMs = Math.round(performance.now() - started);
  if (r.code !== 0 && r.code !== 2)
    throw new Error(
      `${o.libc} lookup in a private mount namespace failed (exit ${r.code}): ${r.stderr.trim()}`,
    );
  const lines = r.stdout.split("\n").filter(Boolean);
  const answer = [...new Set(lines.map((l) => l.split(/\s+/)[0]!))];
  const canon = lines[0]?.split(/\s+/)[2];
  const tries = o.recorded();
  const rcode = answer.length
    ? "NOERROR"
    : tries.some((t) => t.rcode === "NOERROR")
      ? "NODATA"
      : tries.some((t) => t.rcode === "SERVFAIL")
        ? "SERVFAIL"
        : tries.length && tries.every((t) => t.rcode === "TIMEOUT")
          ? "TIMEOUT"
          : "NXDOMAIN";
  return {
    kind: "resolve",
    libc: o.libc,
    source: answer.length ? (tries.some((t) => t.answers > 0) ? "dns" : "hosts") : "none",
    answer,
    rcode,
    canonicalName: canon ? `${canon.replace(/\.$/, "")}.` : undefined,
    tries,
    elapsedMs,
    reasons: [
      `${o.libc} getaddrinfo(${o.name}, AF_INET) exit ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ""}`,
    ],
  };
}
