/**
 * The real local cluster end to end (needs root and `netspec local build`; skipped with the reason
 * otherwise): two nodes, pods from the base image on each, the resolv.conf the kubelet wrote,
 * pod-to-pod TCP across nodes, a ClusterIP Service through kube-proxy in both proxy modes, DNS
 * answered by the CoreDNS Deployment, and nothing of a run left after stop() — nor after
 * `netspec local clean` (cleanLeftovers) after a SIGKILLed run.
 */
import { execa } from "execa";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agnhostRewrite } from "../images/container-rewrite.js";
import {
  clusterBinaries,
  ensureGone,
  kubectl as kubectlIn,
  waitFor,
  type Leftovers,
} from "./integration-helpers.js";
import {
  cleanJournal,
  cleanLeftovers,
  readJournal,
  startCluster,
  type ClusterHandle,
  type ProxyMode,
} from "./index.js";

const found = await clusterBinaries(process.env);
const kubectl = (h: ClusterHandle, args: string[], input?: string) =>
  kubectlIn(found.bins.kubectl!, h, args, input);
// kube-router is the NetworkPolicy test's (network-policy.integration.test.ts), not this one's.
const needed = found.missing.filter((m) => m !== "kube-router");
const why =
  process.getuid?.() !== 0
    ? "needs root (network namespaces, cgroups, mounts)"
    : needed.length
      ? `binaries missing (run netspec local build): ${needed.join(", ")}`
      : "";
const dist = join(import.meta.dirname, "../../../../dist/runner/targets/local/cluster/index.js");

const spec = (workDir: string, proxyMode: ProxyMode) => ({
  nodes: 2,
  serviceCidrs: ["10.96.0.0/16"],
  podCidrs: ["10.244.0.0/16"],
  clusterDomain: "cluster.local",
  dnsServiceIp: "10.96.0.10",
  proxyMode,
  workDir,
  binaries: found.bins,
});

function pod(name: string, node: string, image: string, extra: Record<string, unknown>) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: name } },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": node },
      terminationGracePeriodSeconds: 1,
      containers: [{ name: "main", image, ...extra }],
    },
  };
}

const podIp = async (h: ClusterHandle, name: string) =>
  (await kubectl(h, ["get", "pod", name, "-o", "jsonpath={.status.podIP}"])).trim();

describe.skipIf(why !== "")(`the local cluster${why ? ` (skipped: ${why})` : ""}`, () => {
  const leftovers: Leftovers[] = [];
  afterAll(async () => {
    for (const l of leftovers) await cleanJournal(l.journal);
  });

  for (const mode of ["nftables", "iptables"] as ProxyMode[])
    it(`runs pods on two nodes, serves a ClusterIP through kube-proxy (${mode}) and DNS from CoreDNS, and leaves nothing behind`, async () => {
      const workDir = mkdtempSync(`/tmp/nsx-it-${mode}-`);
      const h = await startCluster({ ...spec(workDir, mode), log: (l) => console.log(l) });
      leftovers.push({ journal: h.journal, workDir });
      try {
        // A server from an image that is not ours (rewritten to agnhost serving its port, as part 2 applies it).
        const web = { name: "main", image: "docker.io/library/nginx:1.27", ports: [{ containerPort: 80 }] };
        const rw = agnhostRewrite(web, { sctp: false })!;
        const server = pod("web", "node-2", web.image, {
          command: rw.command,
          ports: web.ports,
          imagePullPolicy: "Always",
        });
        const client = pod("client", "node-1", "busybox", { command: ["sleep", "3600"] });
        const svc = {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "web" },
          spec: { selector: { app: "web" }, ports: [{ port: 8080, targetPort: 80 }] },
        };
        await kubectl(
          h,
          ["apply", "-f", "-"],
          JSON.stringify({ apiVersion: "v1", kind: "List", items: [server, client, svc] }),
        );
        await kubectl(h, ["wait", "--for=condition=Ready", "pod/web", "pod/client", "--timeout=90s"]);
        const webIp = await podIp(h, "web");
        expect(h.nodes.find((n) => n.name === "node-2")!.podCidr).toBe("10.244.1.0/24");
        expect(webIp).toMatch(/^10\.244\.1\.\d+$/);
        expect(await podIp(h, "client")).toMatch(/^10\.244\.0\.\d+$/);

        // The kubelet's own resolv.conf for a ClusterFirst pod.
        expect(await kubectl(h, ["exec", "client", "--", "cat", "/etc/resolv.conf"])).toBe(
          // (execa drops the file's final newline)
          "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5",
        );
        // Pod to pod across nodes: agnhost serve-hostname answers with its pod's name.
        expect((await kubectl(h, ["exec", "client", "--", "nc", "-w", "3", webIp, "80"])).trim()).toBe("web");
        // The Service's cluster IP, DNATed by kube-proxy to the backend on the other node.
        const vip = (await kubectl(h, ["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"])).trim();
        await waitFor(
          `${mode} rules for web`,
          async () =>
            (
              await kubectl(h, ["exec", "client", "--", "nc", "-w", "3", vip, "8080"]).catch(() => "")
            ).trim() === "web",
        );
        // DNS through the kube-dns Service, answered by the CoreDNS Deployment.
        expect((await kubectl(h, ["exec", "client", "--", "dig", "+short", "+search", "web"])).trim()).toBe(
          vip,
        );
        // The node's own view: kube-proxy's rules exist in the node's namespace (and only there).
        const rules = await h.exec(
          "node-1",
          mode === "nftables" ? ["nft", "list", "table", "ip", "kube-proxy"] : ["iptables-save", "-t", "nat"],
        );
        expect(rules.stdout).toContain(vip);
      } finally {
        const t0 = performance.now();
        await h.stop();
        console.log(
          `teardown ${mode}: ${((performance.now() - t0) / 1000).toFixed(1)}s; up ${(h.upMs / 1000).toFixed(1)}s`,
        );
      }
      await ensureGone(readJournal(h.journal), workDir);
      rmSync(workDir, { recursive: true, force: true });
    }, 420_000);

  it("a component that dies is named with its log's tail; an aborted start is cleaned up too", async () => {
    const workDir = mkdtempSync("/tmp/nsx-it-fail-");
    const kubelet = `${workDir}/kubelet`;
    writeFileSync(kubelet, "#!/bin/sh\necho 'E1201 kubelet: simulated fatal error'\nexit 1\n", {
      mode: 0o755,
    });
    const failed = startCluster({
      ...spec(workDir, "nftables"),
      nodes: 1,
      binaries: { ...found.bins, kubelet },
    });
    await expect(failed).rejects.toThrow(
      /node-1\.kubelet did not come up: node-1\.kubelet exited with 1[\s\S]*simulated fatal error/,
    );
    await ensureGone(readJournal(`${workDir}/journal.jsonl`), workDir);
    const abortDir = mkdtempSync("/tmp/nsx-it-abort-");
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 2000);
    await expect(
      startCluster({ ...spec(abortDir, "iptables"), nodes: 1, signal: ac.signal }),
    ).rejects.toThrow("local cluster: start interrupted (cleaned up)");
    await ensureGone(readJournal(`${abortDir}/journal.jsonl`), abortDir);
    for (const d of [workDir, abortDir]) rmSync(d, { recursive: true, force: true });
  }, 180_000);

  it.skipIf(!existsSync(dist))(
    "netspec local clean (cleanLeftovers) removes everything a SIGKILLed run left",
    async () => {
      const workDir = mkdtempSync("/tmp/nsx-it-kill-");
      const code = `import(${JSON.stringify(dist)}).then((m) => m.startCluster(${JSON.stringify({ ...spec(workDir, "nftables"), nodes: 1 })})).then(() => console.log("UP"), (e) => { console.error(e); process.exit(1); });`;
      const child = execa(process.execPath, ["-e", code], { reject: false, buffer: false });
      leftovers.push({ journal: `${workDir}/journal.jsonl`, workDir });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => d.toString().includes("UP") && resolve());
        void child.then((r) => reject(new Error(`cluster child exited: ${r.exitCode}`)));
      });
      child.kill("SIGKILL");
      await child;
      const entries = readJournal(`${workDir}/journal.jsonl`);
      expect(entries.filter((e) => e.kind === "process").length).toBeGreaterThan(5);
      expect(
        readdirSync("/run/netns").some((n) => n.startsWith(`nsx-${(entries[0] as { id: string }).id}`)),
      ).toBe(true);
      // What `netspec local clean` and the next run's start do: the owner is dead, so it is cleaned.
      expect(await cleanLeftovers(workDir)).toEqual([
        { journal: `${workDir}/journal.jsonl`, state: "cleaned", errors: [] },
      ]);
      await ensureGone(entries, workDir);
      // Idempotent: a second pass finds nothing to do.
      expect(await cleanJournal(`${workDir}/journal.jsonl`)).toEqual([]);
      rmSync(workDir, { recursive: true, force: true });
    },
    300_000,
  );
});
