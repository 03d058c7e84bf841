/**
 * The kubernetes plugin's multicluster zone against the real thing: etcd, kube-apiserver and
 * kube-controller-manager of the local target's cache on 127.0.0.1 (runner/targets/local ControlPlane,
 * free ports, a temporary directory), the ServiceImport CRD of sigs.k8s.io/mcs-api v0.5.2 and
 * fixtures/multicluster.yaml applied with kubectl, then the real CoreDNS 1.14.7 reading that API
 * server next to `netspec serve --bare` modelling the same manifests, both with
 * `kubernetes cluster.local clusterset.local { multicluster clusterset.local }`; every reply compared as
 * dig shows it (rcode, flags, sorted sections, SOA serial dropped). Skipped, saying which, when a
 * binary is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlPlane, cacheDir } from "../../runner/targets/local/index.js";
import { ask, askTcp, corednsBinary, startPair, view, type Ask, type Pair } from "./parity-harness.js";

const root = join(import.meta.dirname, "..", "..");
const CRD = join(root, "suites", "coredns", "fixtures", "mcs-serviceimports-crd.yaml");
const FIXTURE = join(import.meta.dirname, "fixtures", "multicluster.yaml");
const bin = join(cacheDir(process.env), "bin");
const BINS = {
  etcd: join(bin, "etcd-v3.5.17"),
  "kube-apiserver": join(bin, "kube-apiserver-v1.31.4"),
  "kube-controller-manager": join(bin, "kube-controller-manager-v1.31.4"),
  kubectl: join(bin, "kubectl-v1.31.4"),
};
const coredns = corednsBinary();
const missing = [...Object.values(BINS), coredns ?? "coredns-v*"].filter((b) => !existsSync(b));

const S = "shop.svc.clusterset.local.";
/** Every shape findMultiClusterServices, parseRequest and the handler tell apart. */
const ASKS: Ask[] = [
  { name: `cart.${S}`, type: "A" },
  { name: "cart.shop.svc.cluster.local.", type: "A" },
  { name: `cart.${S}`, type: "AAAA" },
  { name: `cart.${S}`, type: "SRV" },
  { name: `_http._tcp.cart.${S}`, type: "SRV" },
  { name: `_https._tcp.cart.${S}`, type: "SRV" },
  { name: `cart.${S}`, type: "TXT" },
  { name: `cart.${S}`, type: "MX" },
  { name: `cart.${S}`, type: "CNAME" },
  { name: `cart.${S}`, type: "SOA" },
  { name: `dual.${S}`, type: "A" },
  { name: `dual.${S}`, type: "AAAA" },
  { name: `dual.${S}`, type: "SRV" },
  { name: `_dns._udp.dual.${S}`, type: "SRV" },
  { name: `db.${S}`, type: "A" },
  { name: `db.${S}`, type: "AAAA" },
  { name: `db.${S}`, type: "SRV" },
  { name: `_pg._tcp.db.${S}`, type: "SRV" },
  { name: `db-0.east.db.${S}`, type: "A" },
  { name: `db-0.west.db.${S}`, type: "A" },
  { name: `DB-0.East.db.${S}`, type: "A" },
  { name: `10-10-1-6.east.db.${S}`, type: "A" },
  { name: `10-10-1-6.west.db.${S}`, type: "A" },
  { name: `fd00-10--5.east.db.${S}`, type: "AAAA" },
  { name: `10-20-1-8.west.db.${S}`, type: "A" },
  { name: `db-0.db.${S}`, type: "A" },
  { name: `db-0.nowhere.db.${S}`, type: "A" },
  { name: `_pg.east.db.${S}`, type: "A" },
  { name: `x.db-0.east.db.${S}`, type: "A" },
  { name: `lonely.${S}`, type: "A" },
  { name: `noports.${S}`, type: "A" },
  { name: `noips.${S}`, type: "A" },
  { name: `noips.${S}`, type: "SRV" },
  { name: `nothing.${S}`, type: "A" },
  { name: `nothing.${S}`, type: "TXT" },
  { name: "vault.hidden.svc.clusterset.local.", type: "A" },
  { name: "cart.nowhere.svc.clusterset.local.", type: "A" },
  { name: S, type: "A" },
  { name: "svc.clusterset.local.", type: "A" },
  { name: "pod.clusterset.local.", type: "A" },
  { name: "clusterset.local.", type: "SOA" },
  { name: "dns-version.clusterset.local.", type: "TXT" },
  { name: "foo.clusterset.local.", type: "A" },
  { name: "1-2-3-4.shop.pod.clusterset.local.", type: "A" },
  // reverse.go reads Services and the regular slice index only: an import's IP has no PTR.
  { name: "1.0.200.10.in-addr.arpa.", type: "PTR" },
  { name: "50.0.96.10.in-addr.arpa.", type: "PTR" },
  // A multicluster slice's address: `db-0..shop.svc.cluster.local.` cannot be packed, no reply at all.
  { name: "5.1.10.10.in-addr.arpa.", type: "PTR" },
  { name: `cart.${S}`, type: "A", tcp: true },
  { name: `_pg._tcp.db.${S}`, type: "SRV", tcp: true },
];

/** Questions real CoreDNS drops (its reply cannot be packed). */
const SILENT = new Set(["5.1.10.10.in-addr.arpa."]);

function kubectl(kubeconfig: string, ...args: string[]): void {
  const r = spawnSync(BINS.kubectl, ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
}

describe.skipIf(missing.length > 0)(
  `multicluster: real CoreDNS + kube-apiserver vs netspec serve${missing.length ? ` (missing: ${missing.join(", ")}; netspec local build)` : ""}`,
  () => {
    let dir = "";
    let cp: ControlPlane | undefined;
    let pair: Pair | undefined;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "netspec-mcs-parity-"));
      cp = await ControlPlane.start({ bins: BINS, dir, serviceCidrs: ["10.96.0.0/16"], apiPort: 0 });
      kubectl(cp.kubeconfig, "apply", "-f", CRD);
      kubectl(
        cp.kubeconfig,
        "wait",
        "--for=condition=established",
        "--timeout=60s",
        "crd/serviceimports.multicluster.x-k8s.io",
      );
      kubectl(cp.kubeconfig, "apply", "-f", FIXTURE);
      const corefile = `.:PORT {
    kubernetes cluster.local clusterset.local in-addr.arpa {
        kubeconfig ${cp.kubeconfig}
        multicluster clusterset.local
    }
}`;
      pair = await startPair(coredns!, corefile, {}, [CRD, FIXTURE]);
    }, 240_000);
    afterAll(async () => {
      pair?.stop();
      await cp?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    for (const [i, a] of ASKS.entries()) {
      it(`${a.name} IN ${a.type}${a.tcp ? " +tcp" : ""}`, async () => {
        const send = a.tcp ? askTcp : ask;
        const [real, model] = await Promise.all([
          send(pair!.ports.real, a, 200 + i),
          send(pair!.ports.model, a, 200 + i),
        ]);
        // Both silent would agree: the real server must have answered, except where it is known not to.
        if (SILENT.has(a.name)) expect(real.length, "real CoreDNS sent no reply").toBe(0);
        else expect(real.length, "real CoreDNS answered").toBeGreaterThan(0);
        if (process.env.NETSPEC_PARITY_SHOW) console.log(`${a.name} ${a.type}\n${view(real)}`);
        expect(view(model)).toBe(view(real));
      });
    }
  },
);
