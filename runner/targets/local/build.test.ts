import { describe, it, expect } from "vitest";
import { scriptedRunner } from "../kube/index.js";
import { buildComponents, KUBERNETES_VERSION } from "./build.js";

function memoryHost() {
  const files = new Map<string, string>();
  return {
    files,
    exists: (p: string) => files.has(p),
    mkdir: () => {},
    writeFile: (p: string, t: string) => void files.set(p, t),
    readFile: (p: string) => files.get(p) ?? `source of ${p}`,
  };
}

describe("netspec local build", () => {
  it("builds each missing component once, then reuses the cache", async () => {
    const host = memoryHost();
    const runner = scriptedRunner((argv) => {
      const out = /-o '([^']+)'/.exec(argv[2] ?? "")?.[1];
      if (out) host.files.set(out, "binary");
      return undefined;
    });
    const o = { root: "/repo", cacheDir: "/repo/.netspec-cache", runner, host, corednsVersion: "v1.12.0" };
    const first = await buildComponents(o);
    expect(Object.keys(first)).toEqual([
      "etcd",
      "kube-apiserver",
      "kube-controller-manager",
      "kubectl",
      "coredns",
      "musl-lookup",
    ]);
    expect(first["kube-apiserver"]).toBe(`/repo/.netspec-cache/bin/kube-apiserver-${KUBERNETES_VERSION}`);
    expect(first.coredns).toBe("/repo/.netspec-cache/bin/coredns-v1.12.0");
    expect(host.files.get("/repo/.netspec-cache/build/coredns-v1.12.0/go.mod")).toContain(
      "github.com/coredns/coredns v1.12.0",
    );
    expect(runner.calls).toHaveLength(6);
    await buildComponents(o);
    expect(runner.calls).toHaveLength(6);
  });

  it("the cluster set adds the node components, checks their host tools first and names the Debian packages", async () => {
    const host = memoryHost();
    const runner = scriptedRunner((argv) => {
      if (/pkg-config --exists libseccomp/.test(argv[2] ?? "")) return { code: 1, stdout: "", stderr: "" };
      return undefined;
    });
    await expect(
      buildComponents({ root: "/repo", cacheDir: "/c", runner, host, set: "cluster" }),
    ).rejects.toThrow(
      /building .*runc.* needs libseccomp \(Debian: libseccomp-dev\) — install with: apt-get install -y libseccomp-dev/,
    );
    // Nothing was compiled before the check failed.
    expect(runner.calls.filter((c) => /go build/.test(c.argv[2] ?? ""))).toEqual([]);
  });

  it("builds runc with seccomp, the CNI plugins into one directory and pause from its source's hash", async () => {
    const host = memoryHost();
    const runner = scriptedRunner((argv) => {
      const out = /-o '([^']+)'/.exec(argv[2] ?? "")?.[1];
      if (out) host.files.set(out, "binary");
      return undefined;
    });
    const bins = await buildComponents({ root: "/repo", cacheDir: "/c", runner, host, set: "cluster" });
    const cmd = (name: string) =>
      runner.calls.find((c) => c.argv[2]?.includes(`-o '${bins[name]}'`))?.argv[2] ?? "";
    expect(cmd("runc")).toMatch(
      /CGO_ENABLED=1 .*go build -tags seccomp .* github.com\/opencontainers\/runc$/,
    );
    expect(bins["cni-bin-dir"]).toBe("/c/bin/cni-v1.6.2");
    expect(bins["cni-host-local"]).toBe("/c/bin/cni-v1.6.2/host-local");
    expect(bins.pause).toMatch(/^\/c\/bin\/pause-[0-9a-f]{12}$/);
    expect(cmd("pause")).toMatch(/gcc -static -O2 -o '\/c\/bin\/pause-[0-9a-f]{12}' pause.c/);
    expect(cmd("agnhost")).toContain("k8s.io/kubernetes/test/images/agnhost");
    expect(cmd("kubelet")).toContain("./cmd/kubelet");
    expect(cmd("containerd")).toContain("github.com/containerd/containerd/v2/cmd/containerd");
    expect(bins["kube-router"]).toBe("/c/bin/kube-router-v2.1.0");
    expect(cmd("kube-router")).toMatch(
      /cd '\/repo\/runner\/targets\/local\/controlplane\/kube-router' && .*pkg\/version.Version=v2.1.0.* github.com\/cloudnativelabs\/kube-router\/v2\/cmd\/kube-router$/,
    );
  });

  it("a failed build says which component and shows the compiler's last lines", async () => {
    const runner = scriptedRunner(() => ({ code: 1, stdout: "", stderr: "main.go:3: undefined: x" }));
    await expect(buildComponents({ root: "/r", cacheDir: "/c", runner, host: memoryHost() })).rejects.toThrow(
      /building etcd failed \(exit 1\):\nmain.go:3: undefined: x/,
    );
  });
});
