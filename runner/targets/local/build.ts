/**
 * `netspec local build`: the components the local target runs, built from the Go module proxy (no
 * other network, never a downloaded binary) into `<cache>/bin/<component>-<version>` (binaries.ts:
 * ~/.cache/netspec), and reused from there: a second call only checks that the files exist.
 *
 * The control plane (`set: "control-plane"`, what today's local target needs):
 * - kube-apiserver, kube-controller-manager and kubectl: k8s.io/kubernetes as a library
 *   (controlplane/kubernetes, staging modules replaced by their published releases);
 * - etcd: go.etcd.io/etcd/server/v3's etcdmain (controlplane/etcd);
 * - CoreDNS at any version (`--coredns-version`): a one-line module generated in the cache;
 * - musl-lookup (optional, needs musl-gcc): musl's getaddrinfo for musl resolver walks.
 *
 * The real cluster's nodes (`set: "cluster"`, everything above plus):
 * - kube-scheduler, kubelet, kube-proxy and agnhost from the same k8s.io/kubernetes module;
 * - containerd, containerd-shim-runc-v2 and ctr (controlplane/containerd);
 * - runc with `-tags seccomp` (controlplane/runc; cgo and Debian's libseccomp-dev): the CRI sandbox
 *   spec carries the RuntimeDefault seccomp profile, which a runc without seccomp refuses;
 * - the CNI plugins bridge, host-local, loopback and portmap (controlplane/cni) into one directory;
 * - pause: controlplane/pause/pause.c linked with `gcc -static`, named by its source's hash;
 * - kube-router (controlplane/kube-router), for its firewall controller: the NetworkPolicy
 *   implementation the nodes run (`cni kube-router`; see docs/local-cluster.md for its advisories).
 */
import { createHash } from "node:crypto";
import type { CommandRunner } from "../kube/index.js";
import { requireTools, TOOLS, type HostTool } from "./host-tools.js";

export const KUBERNETES_VERSION = "v1.31.4";
export const ETCD_VERSION = "v3.5.17";
export const DEFAULT_COREDNS_VERSION = "v1.14.7";
export const CONTAINERD_VERSION = "v2.2.9";
export const RUNC_VERSION = "v1.2.6";
export const CNI_PLUGINS_VERSION = "v1.6.2";
/** github.com/cloudnativelabs/kube-router/v2: the only version the module proxy here serves. */
export const KUBE_ROUTER_VERSION = "v2.1.0";
/** test/images/agnhost/VERSION in k8s.io/kubernetes v1.31.4. */
export const AGNHOST_VERSION = "2.52";
export const CNI_PLUGINS = ["bridge", "host-local", "loopback", "portmap"] as const;

export type ComponentSet = "control-plane" | "cluster";

export interface BuildHost {
  exists(path: string): boolean;
  mkdir(path: string): void;
  writeFile(path: string, text: string): void;
  readFile(path: string): string;
}

export interface BuildOptions {
  /** The project root (where runner/targets/local/controlplane lives). */
  root: string;
  cacheDir: string;
  corednsVersion?: string;
  /** Which components: the control plane alone (default) or everything the real cluster runs. */
  set?: ComponentSet;
  runner: CommandRunner;
  host: BuildHost;
  log?: (line: string) => void;
  /** Called with each component built (not reused) and its wall-clock build time. */
  timing?: (component: string, ms: number) => void;
  signal?: AbortSignal;
  /** The clock for `timing` (milliseconds). */
  now?: () => number;
}

/** One build step: a shell command that writes `path`. */
interface Step {
  name: string;
  path: string;
  dir: string;
  command: string;
  needs?: HostTool[];
}

const go = (flags: string, out: string, pkg: string) =>
  `GOFLAGS=-mod=mod go build ${flags} -o '${out}' ${pkg}`;

function controlPlaneSteps(o: BuildOptions, bin: string): Step[] {
  const coredns = o.corednsVersion ?? DEFAULT_COREDNS_VERSION;
  const local = `${o.root}/runner/targets/local/controlplane`;
  // The release build stamps the version; without it the binaries call themselves v0.0.0-master.
  const k8sFlags = `-ldflags '-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}'`;
  return [
    { name: "etcd", path: `${bin}/etcd-${ETCD_VERSION}`, dir: `${local}/etcd`, command: "" },
    ...["kube-apiserver", "kube-controller-manager", "kubectl"].map((c) => ({
      name: c,
      path: `${bin}/${c}-${KUBERNETES_VERSION}`,
      dir: `${local}/kubernetes`,
      command: go(k8sFlags, `${bin}/${c}-${KUBERNETES_VERSION}`, `./cmd/${c}`),
    })),
    {
      name: "coredns",
      path: `${bin}/coredns-${coredns}`,
      dir: `${o.cacheDir}/build/coredns-${coredns}`,
      command: go("", `${bin}/coredns-${coredns}`, "github.com/coredns/coredns"),
    },
  ].map((s) => (s.command ? s : { ...s, command: go("", s.path, ".") }));
}

function clusterSteps(o: BuildOptions, bin: string): Step[] {
  const local = `${o.root}/runner/targets/local/controlplane`;
  const k8sFlags = `-ldflags '-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}'`;
  const ctrdFlags = `-ldflags '-X github.com/containerd/containerd/v2/version.Version=${CONTAINERD_VERSION}'`;
  const cniFlags = `-ldflags '-X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=${CNI_PLUGINS_VERSION}'`;
  const cniPkg: Record<string, string> = {
    bridge: "main/bridge",
    "host-local": "ipam/host-local",
    loopback: "main/loopback",
    portmap: "meta/portmap",
  };
  const pauseSrc = `${local}/pause/pause.c`;
  const pauseHash = createHash("sha256").update(o.host.readFile(pauseSrc)).digest("hex").slice(0, 12);
  const coredns = o.corednsVersion ?? DEFAULT_COREDNS_VERSION;
  return [
    {
      // The CoreDNS image's binary: static like CoreDNS's release builds (its Makefile sets
      // CGO_ENABLED=0), so the image needs no libc.
      name: "coredns-static",
      path: `${bin}/coredns-static-${coredns}`,
      dir: `${o.cacheDir}/build/coredns-${coredns}`,
      command: `CGO_ENABLED=0 ${go("", `${bin}/coredns-static-${coredns}`, "github.com/coredns/coredns")}`,
    },
    ...["kube-scheduler", "kubelet", "kube-proxy"].map((c) => ({
      name: c,
      path: `${bin}/${c}-${KUBERNETES_VERSION}`,
      dir: `${local}/kubernetes`,
      command: go(k8sFlags, `${bin}/${c}-${KUBERNETES_VERSION}`, `./cmd/${c}`),
    })),
    {
      name: "agnhost",
      path: `${bin}/agnhost-${AGNHOST_VERSION}`,
      dir: `${local}/kubernetes`,
      // Static (no cgo) so it runs in any image; agnhost.go's Version is set by its Makefile.
      command: `CGO_ENABLED=0 ${go(`-ldflags '-X main.Version=${AGNHOST_VERSION}'`, `${bin}/agnhost-${AGNHOST_VERSION}`, "k8s.io/kubernetes/test/images/agnhost")}`,
    },
    ...["containerd", "containerd-shim-runc-v2", "ctr"].map((c) => ({
      name: c,
      path: `${bin}/${c}-${CONTAINERD_VERSION}`,
      dir: `${local}/containerd`,
      command: go(
        ctrdFlags,
        `${bin}/${c}-${CONTAINERD_VERSION}`,
        `github.com/containerd/containerd/v2/cmd/${c}`,
      ),
    })),
    {
      name: "runc",
      path: `${bin}/runc-${RUNC_VERSION}`,
      dir: `${local}/runc`,
      command: `CGO_ENABLED=1 ${go(`-tags seccomp -ldflags '-X main.version=${RUNC_VERSION.slice(1)}'`, `${bin}/runc-${RUNC_VERSION}`, "github.com/opencontainers/runc")}`,
      needs: [TOOLS.gcc, TOOLS.pkgConfig, TOOLS.libseccomp],
    },
    ...CNI_PLUGINS.map((p) => ({
      name: `cni-${p}`,
      path: `${bin}/cni-${CNI_PLUGINS_VERSION}/${p}`,
      dir: `${local}/cni`,
      command: `mkdir -p '${bin}/cni-${CNI_PLUGINS_VERSION}' && ${go(cniFlags, `${bin}/cni-${CNI_PLUGINS_VERSION}/${p}`, `github.com/containernetworking/plugins/plugins/${cniPkg[p]}`)}`,
    })),
    {
      name: "kube-router",
      path: `${bin}/kube-router-${KUBE_ROUTER_VERSION}`,
      dir: `${local}/kube-router`,
      // Its Makefile stamps pkg/version.Version; `kube-router --version` prints it.
      command: go(
        `-ldflags '-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=${KUBE_ROUTER_VERSION}'`,
        `${bin}/kube-router-${KUBE_ROUTER_VERSION}`,
        "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router",
      ),
    },
    {
      name: "pause",
      path: `${bin}/pause-${pauseHash}`,
      dir: `${local}/pause`,
      command: `gcc -static -O2 -o '${bin}/pause-${pauseHash}' pause.c`,
      needs: [TOOLS.gcc, TOOLS.staticLibc],
    },
  ];
}

/** component → binary path, building what is missing (for `cluster`: `cni-bin-dir` too). */
export async function buildComponents(o: BuildOptions): Promise<Record<string, string>> {
  const bin = `${o.cacheDir}/bin`;
  o.host.mkdir(bin);
  const steps = [...controlPlaneSteps(o, bin), ...(o.set === "cluster" ? clusterSteps(o, bin) : [])];
  const todo = steps.filter((s) => !o.host.exists(s.path));
  const needs = [...new Set(todo.flatMap((s) => s.needs ?? []))];
  if (needs.length) await requireTools(o.runner, needs, `building ${todo.map((s) => s.name).join(", ")}`);
  const now = o.now ?? (() => 0);
  const out: Record<string, string> = {};
  for (const c of steps) {
    out[c.name] = c.path;
    if (o.host.exists(c.path)) continue;
    if (c.name.startsWith("coredns")) writeCorednsModule(o, c.dir);
    o.log?.(`building ${c.name} in ${c.dir}`);
    const t0 = now();
    const r = await o.runner.run(["sh", "-c", `cd '${c.dir}' && ${c.command}`], { signal: o.signal });
    if (r.code !== 0)
      throw new Error(
        `building ${c.name} failed (exit ${r.code}):\n${`${r.stderr}\n${r.stdout}`.trim().split("\n").slice(-15).join("\n")}`,
      );
    o.timing?.(c.name, now() - t0);
  }
  if (o.set === "cluster") out["cni-bin-dir"] = `${bin}/cni-${CNI_PLUGINS_VERSION}`;
  const musl = await buildMusl(o, bin);
  if (musl) out["musl-lookup"] = musl;
  const glibc = o.set === "cluster" ? await buildGlibcLookup(o, bin) : undefined;
  if (glibc) out["glibc-lookup"] = glibc;
  return out;
}

/** CoreDNS's main is importable, so a module that requires it can build it. */
function writeCorednsModule(o: BuildOptions, dir: string): void {
  if (o.host.exists(`${dir}/go.mod`)) return;
  const v = o.corednsVersion ?? DEFAULT_COREDNS_VERSION;
  o.host.mkdir(dir);
  o.host.writeFile(
    `${dir}/go.mod`,
    `module netspec.local/coredns\n\ngo 1.23\n\nrequire github.com/coredns/coredns ${v}\n`,
  );
  o.host.writeFile(
    `${dir}/tools.go`,
    `//go:build tools\n\npackage tools\n\nimport _ "github.com/coredns/coredns"\n`,
  );
}

/**
 * The lookup helper (controlplane/musl/lookup.c) against musl (static, optional: needs musl-gcc) and
 * against glibc (dynamic, for the Debian base image), named by the source's hash so an edit rebuilds.
 */
async function buildMusl(o: BuildOptions, bin: string): Promise<string | undefined> {
  return buildLookup(
    o,
    bin,
    "musl-lookup",
    "musl-gcc -static",
    "musl-gcc not found (Debian: musl-tools): musl resolver walks will be skipped",
  );
}

async function buildGlibcLookup(o: BuildOptions, bin: string): Promise<string | undefined> {
  return buildLookup(
    o,
    bin,
    "glibc-lookup",
    "gcc",
    "gcc not found: glibc AAAA resolver walks will be skipped",
  );
}

async function buildLookup(
  o: BuildOptions,
  bin: string,
  name: string,
  cc: string,
  missing: string,
): Promise<string | undefined> {
  const src = `${o.root}/runner/targets/local/controlplane/musl/lookup.c`;
  const hash = createHash("sha256").update(o.host.readFile(src)).digest("hex").slice(0, 12);
  const out = `${bin}/${name}-${hash}`;
  if (o.host.exists(out)) return out;
  const compiler = cc.split(" ")[0]!;
  const r = await o.runner.run(
    ["sh", "-c", `command -v ${compiler} >/dev/null && ${cc} -O2 -o '${out}' '${src}'`],
    { signal: o.signal },
  );
  if (r.code === 0) return out;
  o.log?.(missing);
  return undefined;
}
