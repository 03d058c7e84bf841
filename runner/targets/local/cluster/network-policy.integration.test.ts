/**
 * NetworkPolicy enforced for real on the local cluster (needs root and `netspec local build` with
 * kube-router; skipped with the reason otherwise): two nodes running kube-router's firewall, a
 * server on node-2, clients on node-1 (routed) and node-2 (bridged on cni0, seen by the node's
 * FORWARD chain through br_netfilter). A default-deny ingress policy rejects both clients — and
 * kube-router's REJECT counter for the server's chain says it was the policy, not a closed port —
 * an allow rule for one label lets only that client through, and nothing is left after stop().
 */
import { mkdtempSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { agnhostRewrite } from "../images/container-rewrite.js";
import { rejectCounters } from "../policy-view.js";
import { clusterBinaries, ensureGone, kubectl as kubectlIn, waitFor } from "./integration-helpers.js";
import { cleanJournal, readJournal, startCluster, type ClusterHandle } from "./index.js";

const found = await clusterBinaries(process.env);
const kubectl = (h: ClusterHandle, args: string[], input?: string) =>
  kubectlIn(found.bins.kubectl!, h, args, input);
const why =
  process.getuid?.() !== 0
    ? "needs root (network namespaces, cgroups, mounts)"
    : found.missing.length
      ? `binaries missing (run netspec local build): ${found.missing.join(", ")}`
      : "";

function pod(name: string, node: string, labels: Record<string, string>, extra: Record<string, unknown>) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: name, ...labels } },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": node },
      terminationGracePeriodSeconds: 1,
      containers: [{ name: "main", image: "busybox", command: ["sleep", "3600"], ...extra }],
    },
  };
}

const policy = (name: string, ingress: unknown[]) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name },
  spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"], ingress },
});

/** What `nc` from `client` to web:80 got: the server's hostname, or the failure. */
async function reach(h: ClusterHandle, client: string, ip: string): Promise<string> {
  return (
    await kubectl(h, ["exec", client, "--", "nc", "-w", "3", ip, "80"]).catch((e: Error) => e.message)
  ).trim();
}

/** kube-router's REJECT packets for default/web on node-2 (where web runs and its chain lives). */
async function webRejects(h: ClusterHandle): Promise<number> {
  const r = await h.exec("node-2", ["iptables-save", "-c", "-t", "filter"]);
  return rejectCounters(r.stdout).get("default/web") ?? 0;
}

describe.skipIf(why !== "")(`NetworkPolicy on the local cluster${why ? ` (skipped: ${why})` : ""}`, () => {
  const journals: string[] = [];
  afterAll(async () => {
    for (const j of journals) await cleanJournal(j);
  });

  it("kube-router's firewall denies by default-deny ingress, across nodes and on one bridge, and admits by an allow rule", async () => {
    const workDir = mkdtempSync("/tmp/nsx-it-netpol-");
    const t0 = performance.now();
    const h = await startCluster({
      nodes: 2,
      serviceCidrs: ["10.96.0.0/16"],
      podCidrs: ["10.244.0.0/16"],
      clusterDomain: "cluster.local",
      dnsServiceIp: "10.96.0.10",
      proxyMode: "nftables",
      networkPolicy: "kube-router",
      workDir,
      binaries: found.bins,
      log: (l) => console.log(l),
    });
    journals.push(h.journal);
    console.log(`up with kube-router in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
    try {
      expect(h.networkPolicy).toBe("kube-router");
      const web = { name: "main", image: "docker.io/library/nginx:1.27", ports: [{ containerPort: 80 }] };
      const rw = agnhostRewrite(web, { sctp: false })!;
      const items = [
        pod("web", "node-2", {}, { image: web.image, command: rw.command, ports: web.ports }),
        pod("friend", "node-1", { role: "friend" }, {}),
        pod("stranger", "node-1", {}, {}),
        pod("neighbour", "node-2", {}, {}),
      ];
      await kubectl(h, ["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items }));
      await kubectl(h, ["wait", "--for=condition=Ready", "pod", "--all", "--timeout=180s"]);
      const ip = (await kubectl(h, ["get", "pod", "web", "-o", "jsonpath={.status.podIP}"])).trim();
      // No policy selects web: every client reaches it.
      for (const c of ["friend", "stranger", "neighbour"]) expect(await reach(h, c, ip)).toBe("web");

      await kubectl(h, ["apply", "-f", "-"], JSON.stringify(policy("deny-all", [])));
      const before = await webRejects(h);
      await waitFor(
        "kube-router to isolate web",
        async () => (await reach(h, "stranger", ip)) !== "web",
        90_000,
      );
      // Denied on node-2 by web's own chain, for the routed client and the bridged one alike.
      expect(await reach(h, "friend", ip)).not.toBe("web");
      const afterRouted = await webRejects(h);
      expect(afterRouted).toBeGreaterThan(before);
      expect(await reach(h, "neighbour", ip)).not.toBe("web");
      expect(await webRejects(h)).toBeGreaterThan(afterRouted);

      await kubectl(
        h,
        ["apply", "-f", "-"],
        JSON.stringify(
          policy("allow-friend", [{ from: [{ podSelector: { matchLabels: { role: "friend" } } }] }]),
        ),
      );
      await waitFor(
        "kube-router to admit friend",
        async () => (await reach(h, "friend", ip)) === "web",
        90_000,
      );
      expect(await reach(h, "stranger", ip)).not.toBe("web");
      expect(await reach(h, "neighbour", ip)).not.toBe("web");
    } finally {
      await h.stop();
    }
    await ensureGone(readJournal(h.journal), workDir);
    rmSync(workDir, { recursive: true, force: true });
  }, 600_000);
});
