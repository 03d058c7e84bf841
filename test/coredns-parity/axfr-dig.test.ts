/**
 * The reference's AXFR replies for suites/coredns/zone-file.netspec against what a pod on a real
 * cluster reports for the same zone: real CoreDNS 1.14.7 asked by real dig (the transcripts of
 * runner/targets/kube/fixtures/record-axfr.sh, same zone, same `transfer` blocks), parsed by the kube
 * target's parser, then compared by the parity table's own comparison. Where they differ, one of
 * the two targets would report a disagreement that is not in the cluster.
 */
import { existsSync, readFileSync, statSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlan, type SourceHost } from "../../dsl/index.js";
import { compareObservations, createTarget, runPlan, type DnsObs } from "../../runner/index.js";
import { parseDigTransfer } from "../../runner/targets/kube/dig-transfer.js";

const root = join(import.meta.dirname, "../..");
const host: SourceHost = {
  readFile: (p) => (existsSync(p) && statSync(p).isFile() ? readFileSync(p, "utf8") : undefined),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  listDir: (p) => readdirSync(p),
};
const fixture = (name: string) =>
  parseDigTransfer(readFileSync(join(root, "runner/targets/kube/fixtures", name), "utf8"));

/** The reference's observation of the first DNS expectation of the test named `grep`. */
async function reference(grep: RegExp, file = "suites/coredns/zone-file.netspec", h = host): Promise<DnsObs> {
  const { plan, diagnostics } = loadPlan([file.startsWith("/") ? file : join(root, file)], h);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const run = await runPlan(plan, { targets: [createTarget("reference")], seed: 1, filter: { grep } });
  expect(run.cases.map((c) => [c.status, c.message])).toEqual([["passed", undefined]]);
  const obs = run.cases[0]!.steps.map((s) => s.observation).find((o) => o?.kind === "dns");
  return obs as DnsObs;
}

/** record-axfr.sh's big.example: the zone-file suite's zone and 2000 more A records. */
function bigZone(): string {
  const o = "big.example";
  const hosts = Array.from(
    { length: 2000 },
    (_, i) => `h${String(i).padStart(4, "0")} IN A 10.0.${i >> 8}.${i & 255}`,
  );
  return [
    `$ORIGIN ${o}.`,
    "$TTL 3600",
    `@       IN SOA  ns.${o}. admin.${o}. ( 2024010101 7200 3600 1209600 300 )`,
    "        IN NS   ns",
    "ns      IN A    192.0.2.53",
    "www     IN A    192.0.2.80",
    "        IN AAAA 2001:db8::80",
    "alias   IN CNAME www",
    '*.wild  IN TXT  "wildcard"',
    "sub     IN NS   ns.sub",
    "ns.sub  IN A    192.0.2.54",
    `legacy  IN DNAME ${o}.`,
    ...hosts,
  ].join("\n");
}

/** The zone-file suite's setup with big.example as the transferred zone. */
function bigSpec(): string {
  const zone = bigZone()
    .split("\n")
    .map((l) => `        ${l}`)
    .join("\n");
  return `suite "big" {
  cluster kubeadm {
    nodes 1
  }
  apply """
    apiVersion: v1
    kind: ConfigMap
    metadata: { name: coredns, namespace: kube-system }
    data:
      Corefile: |
        big.example:53 {
            transfer {
                to *
            }
            file /etc/coredns/big.db
        }
        .:53 {
            health
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa
            forward . /etc/resolv.conf
        }
      big.db: |
${zone}
  """
  patch deployment kube-system/coredns """
    spec:
      template:
        spec:
          volumes:
          - name: config-volume
            configMap:
              name: coredns
              items:
              - { key: Corefile, path: Corefile }
              - { key: big.db, path: big.db }
  """
  wait 1m

  test "two messages" {
    expect dns AXFR big.example over tcp { rcode NOERROR; answer count == 2011 }
  }
}
`;
}

describe("AXFR: the reference and real CoreDNS seen through dig in a pod", () => {
  it("a zone transfer over TCP: the same header flags and the same records in the same order", async () => {
    const ref = await reference(/AXFR over TCP: SOA first and last/);
    const real = fixture("dig-axfr-coredns.txt");
    expect(compareObservations(ref, real)).toEqual([]);
    const line = (o: DnsObs) => o.answer.map((r) => `${r.name} ${r.type} ${r.data}`);
    expect(line(real)).toEqual(line(ref));
  });

  it("a client outside `to`: the same REFUSED reply, without aa", async () => {
    const ref = await reference(/a pod is not 192.0.2.1/);
    const real = fixture("dig-axfr-refused-coredns.txt");
    expect(compareObservations(ref, real)).toEqual([]);
  });

  it("a zone in two messages (plugin/transfer's 63000-byte batches) reads as one reply of 2011 records", async () => {
    const text = bigSpec();
    const mem: SourceHost = {
      readFile: (p) => (p === "/big.netspec" ? text : undefined),
      isDirectory: () => false,
      listDir: () => [],
    };
    const ref = await reference(/two messages/, "/big.netspec", mem);
    const real = fixture("dig-axfr-two-messages-coredns.txt");
    expect(real.reasons).toEqual(["the reply is 2 messages (a zone transfer), read as one"]);
    expect(compareObservations(ref, real)).toEqual([]);
    const line = (o: DnsObs) => o.answer.map((r) => `${r.name} ${r.type} ${r.data}`);
    expect(line(real)).toEqual(line(ref));
    expect(ref.reasons).toContain("the reply is 2 messages (a zone transfer), read as one");
    // dig's `XFR size: … bytes 66566` is the bytes of the messages, as the reference adds them up.
    expect([ref.size, real.size]).toEqual([66566, 66566]);
  });
});
