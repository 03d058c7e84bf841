/**
 * Port of CoreDNS 1.14.7 plugin/kubernetes/handler_test.go TestMultiClusterServeDNS
 * (commonDnsTestCases + multiclusterDnsTestCases, zone cluster.local. as the multicluster zone,
 * namespaces testns) and setup_test.go TestKubernetesParseMulticluster, through the whole server.
 * Sections compared sorted, like test.SortAndCheck.
 */
import { describe, expect, it } from "vitest";
import { multiclusterTestCluster } from "./test-fixtures-mcs.js";
import { upstub } from "./test-fixtures.js";
import { FakeCluster } from "./test-cluster.js";
import { expectDig, testDns } from "./test-dig.js";

const SOA =
  "cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1499347823 7200 1800 86400 5";
const NX = `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const NODATA = `;; status: NOERROR, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const ok = (answer: string, extra?: string) =>
  `;; status: NOERROR, flags: qr aa rd\n;; ANSWER:\n${answer}${extra ? `\n;; ADDITIONAL:\n${extra}` : ""}`;
const srv = (q: string, t: string, w = 100) => `${q} 5 IN SRV 0 ${w} 80 ${t}`;

/** commonDnsTestCases: the same answers from ServiceImports as from Services. */
const COMMON: [string, string][] = [
  ["svc1.testns.svc.cluster.local. A", ok("svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1")],
  ["svcempty.testns.svc.cluster.local. A", ok("svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1")],
  [
    "svc1.testns.svc.cluster.local. SRV",
    ok(
      srv("svc1.testns.svc.cluster.local.", "svc1.testns.svc.cluster.local."),
      "svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "svcempty.testns.svc.cluster.local. SRV",
    ok(
      srv("svcempty.testns.svc.cluster.local.", "svcempty.testns.svc.cluster.local."),
      "svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "svc6.testns.svc.cluster.local. SRV",
    ok(
      srv("svc6.testns.svc.cluster.local.", "svc6.testns.svc.cluster.local."),
      "svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1",
    ),
  ],
  [
    "_http._tcp.svc1.testns.svc.cluster.local. SRV",
    ok(
      srv("_http._tcp.svc1.testns.svc.cluster.local.", "svc1.testns.svc.cluster.local."),
      "svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "_http._tcp.svcempty.testns.svc.cluster.local. SRV",
    ok(
      srv("_http._tcp.svcempty.testns.svc.cluster.local.", "svcempty.testns.svc.cluster.local."),
      "svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "hdls1.testns.svc.cluster.local. A",
    ok(
      ["172.0.0.2", "172.0.0.3", "172.0.0.4", "172.0.0.5"]
        .map((ip) => `hdls1.testns.svc.cluster.local. 5 IN A ${ip}`)
        .join("\n"),
    ),
  ],
  ["hdlsprtls.testns.svc.cluster.local. A", ok("hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20")],
  ["svc1.testns.svc.cluster.local. AAAA", NODATA],
  ["svc0.testns.svc.cluster.local. AAAA", NX],
  ["svc0.testns.svc.cluster.local. A", NX],
  ["svc0.svc-nons.svc.cluster.local. A", NX],
  ["dns-version.cluster.local. TXT", ok('dns-version.cluster.local. 28800 IN TXT "1.1.0"')],
  ["svc1.testns.svc.cluster.local. TXT", NODATA],
  ["svc0.svc-nons.svc.cluster.local. TXT", NX],
  ["bogusendpoint.hdls1.testns.svc.cluster.local. A", NX],
  ["bogusendpoint.svc0.testns.svc.cluster.local. A", NX],
  ["svc6.testns.svc.cluster.local. AAAA", ok("svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1")],
  [
    "_http._tcp.svc6.testns.svc.cluster.local. SRV",
    ok(
      srv("_http._tcp.svc6.testns.svc.cluster.local.", "svc6.testns.svc.cluster.local."),
      "svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1",
    ),
  ],
  [
    "hdls1.testns.svc.cluster.local. AAAA",
    ok(`hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1
        hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2`),
  ],
  ["svc.cluster.local. A", NODATA],
  ["pod.cluster.local. A", NODATA],
  ["testns.svc.cluster.local. A", NODATA],
  ["svc.cluster.local. NS", NODATA],
  ["testns.svc.cluster.local. NS", NODATA],
  ["foo.cluster.local. NS", NX],
  ["foo.svc.cluster.local. NS", NX],
  [
    "svc-dual-stack.testns.svc.cluster.local. A",
    ok("svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3"),
  ],
  [
    "svc-dual-stack.testns.svc.cluster.local. AAAA",
    ok("svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3"),
  ],
  [
    "svc-dual-stack.testns.svc.cluster.local. SRV",
    ok(
      srv("svc-dual-stack.testns.svc.cluster.local.", "svc-dual-stack.testns.svc.cluster.local.", 50),
      `svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3
       svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3`,
    ),
  ],
  ["svc1.testns.svc.cluster.local. SOA", NODATA],
  ["endpoint.external.testns.svc.cluster.local. CNAME", NX],
  ["subdomain.subdomain.external.testns.svc.cluster.local. CNAME", NX],
];

const H = "hdls1.testns.svc.cluster.local.";
/** multiclusterDnsTestCases: endpoint names carry the cluster id (`ep.cluster1.svc.ns.svc.zone`). */
const MULTICLUSTER: [string, string][] = [
  [
    `_http._tcp.${H} SRV`,
    ok(
      ["172-0-0-2", "172-0-0-3", "5678-abcd--1", "5678-abcd--2", "dup-name"]
        .map((l) => srv(`_http._tcp.${H}`, `${l}.cluster1.${H}`, 16))
        .join("\n"),
      `172-0-0-2.cluster1.${H} 5 IN A 172.0.0.2
       172-0-0-3.cluster1.${H} 5 IN A 172.0.0.3
       5678-abcd--1.cluster1.${H} 5 IN AAAA 5678:abcd::1
       5678-abcd--2.cluster1.${H} 5 IN AAAA 5678:abcd::2
       dup-name.cluster1.${H} 5 IN A 172.0.0.4
       dup-name.cluster1.${H} 5 IN A 172.0.0.5`,
    ),
  ],
  [`5678-abcd--2.cluster1.${H} AAAA`, ok(`5678-abcd--2.cluster1.${H} 5 IN AAAA 5678:abcd::2`)],
  [`5678-abcd--1.cluster1.${H} AAAA`, ok(`5678-abcd--1.cluster1.${H} 5 IN AAAA 5678:abcd::1`)],
  [
    "172-0-0-20.cluster1.hdlsprtls.testns.svc.cluster.local. A",
    ok("172-0-0-20.cluster1.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20"),
  ],
  // "AAAA Endpoint without specifying the clusterid"
  [`5678-abcd--1.${H} AAAA`, NX],
  [`172-0-0-2.cluster1.${H} A`, ok(`172-0-0-2.cluster1.${H} 5 IN A 172.0.0.2`)],
  [`172-0-0-3.cluster1.${H} A`, ok(`172-0-0-3.cluster1.${H} 5 IN A 172.0.0.3`)],
  [
    `dup-name.cluster1.${H} A`,
    ok(`dup-name.cluster1.${H} 5 IN A 172.0.0.4\ndup-name.cluster1.${H} 5 IN A 172.0.0.5`),
  ],
];

const COREFILE = `.:53 {
    kubernetes cluster.local {
        namespaces testns
        multicluster cluster.local
    }
    forward . 127.0.0.1
}`;

describe("kubernetes multicluster: handler_test.go TestMultiClusterServeDNS", () => {
  const dns = testDns(multiclusterTestCluster(), COREFILE, [upstub]);
  for (const [q, expected] of [...COMMON, ...MULTICLUSTER]) {
    it(q, () => expectDig(dns.ask(q, { transport: "tcp" }), expected));
  }

  it("answers from ServiceImports only: a Service without an import is NXDOMAIN in the zone", () => {
    // handlerTestCluster has Service testns/external; there is no ServiceImport of that name.
    expectDig(dns.ask("external.testns.svc.cluster.local. CNAME", { transport: "tcp" }), NX);
  });
});

describe("kubernetes multicluster: a ClusterSetIP import's endpoint by cluster id (kubernetes_test.go TestServices)", () => {
  const cluster = new FakeCluster()
    .ns("testns")
    .svcImport("testns", "svc1", {
      type: "ClusterSetIP",
      ips: ["10.0.0.1"],
      ports: [{ name: "http", port: 80 }],
    })
    .mcSlice(
      "testns",
      "svc1",
      "cluster1",
      [{ ip: "172.0.0.1", hostname: "ep1a" }],
      [{ name: "http", port: 80 }],
    )
    .svc("testns", "svc1", { clusterIPs: ["10.0.0.9"], ports: [{ name: "http", port: 80 }] });
  const corefile = `.:53 {\n    kubernetes interwebs.test clusterset.test {\n        multicluster clusterset.test\n    }\n}`;
  const dns = testDns(cluster, corefile);
  const soa = (z: string) => `${z}. 5 IN SOA ns.dns.${z}. hostmaster.${z}. 1499347823 7200 1800 86400 5`;

  it("ep1a.cluster1.svc1.testns.svc.clusterset.test. A", () =>
    expectDig(
      dns.ask("ep1a.cluster1.svc1.testns.svc.clusterset.test. A"),
      ok("ep1a.cluster1.svc1.testns.svc.clusterset.test. 5 IN A 172.0.0.1"),
    ));
  it("a cluster id that exported nothing → NXDOMAIN", () =>
    expectDig(
      dns.ask("ep1a.cluster2.svc1.testns.svc.clusterset.test. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa("clusterset.test")}`,
    ));
  it("the non-multicluster zone still answers from the Service", () =>
    expectDig(
      dns.ask("svc1.testns.svc.interwebs.test. A"),
      ok("svc1.testns.svc.interwebs.test. 5 IN A 10.0.0.9"),
    ));
  it("svc1.testns.svc.clusterset.test. A answers the ClusterSetIP", () =>
    expectDig(
      dns.ask("svc1.testns.svc.clusterset.test. A"),
      ok("svc1.testns.svc.clusterset.test. 5 IN A 10.0.0.1"),
    ));
  it("in the non-multicluster zone ep1a.cluster1 reads as port and protocol: NXDOMAIN", () =>
    expectDig(
      dns.ask("ep1a.cluster1.svc1.testns.svc.interwebs.test. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa("interwebs.test")}`,
    ));
});

describe("kubernetes multicluster: setup_test.go TestKubernetesParseMulticluster", () => {
  const setup = (stanza: string) => () => testDns(new FakeCluster(), `.:53 {\n${stanza}\n}`);
  it("valid: kubernetes coredns.local clusterset.local { multicluster clusterset.local }", () =>
    expect(
      setup("kubernetes coredns.local clusterset.local {\n multicluster clusterset.local\n}"),
    ).not.toThrow());
  it("invalid: the multicluster zone is not one of the plugin's zones", () =>
    expect(setup("kubernetes coredns.local {\n multicluster clusterset.local\n}")).toThrow(
      "is not authoritative for the multicluster zone clusterset.local. (authoritative zones: [coredns.local.])",
    ));
  it("invalid: the second multicluster zone is not authoritative", () =>
    expect(
      setup("kubernetes coredns.local clusterset.local {\n multicluster clusterset.local test.local\n}"),
    ).toThrow("is not authoritative for the multicluster zone test.local."));
  it("not set: a bare multicluster configures no zone (the plugin answers from Services)", () => {
    const c = new FakeCluster()
      .ns("testns")
      .svc("testns", "svc1", { clusterIPs: ["10.0.0.1"], ports: [{ name: "http", port: 80 }] });
    const dns = testDns(c, ".:53 {\n kubernetes coredns.local {\n  multicluster\n }\n}");
    expectDig(
      dns.ask("svc1.testns.svc.coredns.local. A"),
      ok("svc1.testns.svc.coredns.local. 5 IN A 10.0.0.1"),
    );
  });
});
