/**
 * `netspec local build`: the control-plane components the local target runs, built from the Go module
 * proxy (no other network) into `<cache>/bin/<component>-<version>` (binaries.ts: ~/.cache/netspec), and reused from there: a
 * second call only checks that the files exist.
 * - kube-apiserver, kube-controller-manager and kubectl: k8s.io/kubernetes as a library
 *   (controlplane/kubernetes, staging modules replaced by their published releases). No scheduler and
 *   no kubelet: the local target binds pods and writes their status itself (kubelet-stand-in.ts);
 * - etcd: go.etcd.io/etcd/server/v3's etcdmain (controlplane/etcd);
 * - CoreDNS at any version (`--coredns-version`): a one-line module generated in the cache;
 * - musl-lookup (optional, needs musl-gcc): musl's getaddrinfo for musl resolver walks.
 */
import type { CommandRunner } from "../kube/index.js";

export const KUBERNETES_VERSION = "v1.31.4";
export const ETCD_VERSION = "v3.5.17";
export const DEFAULT_COREDNS_VERSION = "v1.14.7";

export interface BuildHost {
  exists(path: string): boolean;
  mkdir(path: string): void;
  writeFile(path: string, text: string): void;
}

export interface BuildOptions {
  /** The project root (where runner/targets/local/controlplane lives). */
  root: string;
  cacheDir: string;
  corednsVersion?: string;
  runner: CommandRunner;
  host: BuildHost;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** component → binary path, building what is missing. */
export async function buildComponents(o: BuildOptions): Promise<Record<string, string>> {
  const bin = `${o.cacheDir}/bin`;
  o.host.mkdir(bin);
  const coredns = o.corednsVersion ?? DEFAULT_COREDNS_VERSION;
  const k8sDir = `${o.root}/runner/targets/local/controlplane/kubernetes`;
  const etcdDir = `${o.root}/runner/targets/local/controlplane/etcd`;
  const corednsDir = `${o.cacheDir}/build/coredns-${coredns}`;
  // The release build stamps the version; without it the binaries call themselves v0.0.0-master.
  const k8sFlags = `-ldflags '-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}'`;
  const plan: { name: string; path: string; dir: string; pkg: string; flags?: string }[] = [
    { name: "etcd", path: `${bin}/etcd-${ETCD_VERSION}`, dir: etcdDir, pkg: "." },
    ...["kube-apiserver", "kube-controller-manager", "kubectl"].map((c) => ({
      name: c,
      path: `${bin}/${c}-${KUBERNETES_VERSION}`,
      dir: k8sDir,
      pkg: `./cmd/${c}`,
      flags: k8sFlags,
    })),
    {
      name: "coredns",
      path: `${bin}/coredns-${coredns}`,
      dir: corednsDir,
      pkg: "github.com/coredns/coredns",
    },
  ];
  const out: Record<string, string> = {};
  for (const c of plan) {
    out[c.name] = c.path;
    if (o.host.exists(c.path)) continue;
    if (c.name === "coredns" && !o.host.exists(`${corednsDir}/go.mod`)) {
      o.host.mkdir(corednsDir);
      o.host.writeFile(
        `${corednsDir}/go.mod`,
        `module netspec.local/coredns\n\ngo 1.23\n\nrequire github.com/coredns/coredns ${coredns}\n`,
      );
      // CoreDNS's main is importable, so a module that requires it can build it.
      o.host.writeFile(
        `${corednsDir}/tools.go`,
        `//go:build tools\n\npackage tools\n\nimport _ "github.com/coredns/coredns"\n`,
      );
    }
    o.log?.(`building ${c.name} (${c.path.slice(c.path.lastIndexOf("-") + 1)}) in ${c.dir}`);
    const r = await o.runner.run(
      ["sh", "-c", `cd '${c.dir}' && GOFLAGS=-mod=mod go build ${c.flags ?? ""} -o '${c.path}' ${c.pkg}`],
      {
        signal: o.signal,
      },
    );
    if (r.code !== 0)
      throw new Error(
        `building ${c.name} failed (exit ${r.code}):\n${`${r.stderr}\n${r.stdout}`.trim().split("\n").slice(-15).join("\n")}`,
      );
  }
  // musl's getaddrinfo for musl resolver walks: optional, built only where musl-gcc exists.
  const musl = `${bin}/musl-lookup`;
  if (!o.host.exists(musl)) {
    const src = `${o.root}/runner/targets/local/controlplane/musl/lookup.c`;
    const r = await o.runner.run(
      ["sh", "-c", `command -v musl-gcc >/dev/null && musl-gcc -static -O2 -o '${musl}' '${src}'`],
      { signal: o.signal },
    );
    if (r.code !== 0) {
      o.log?.("musl-gcc not found (Debian: musl-tools): musl resolver walks will be skipped");
      return out;
    }
  }
  out["musl-lookup"] = musl;
  return out;
}
