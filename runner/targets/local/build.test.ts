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

  it("a failed build says which component and shows the compiler's last lines", async () => {
    const runner = scriptedRunner(() => ({ code: 1, stdout: "", stderr: "main.go:3: undefined: x" }));
    await expect(buildComponents({ root: "/r", cacheDir: "/c", runner, host: memoryHost() })).rejects.toThrow(
      /building etcd failed \(exit 1\):\nmain.go:3: undefined: x/,
    );
  });
});
