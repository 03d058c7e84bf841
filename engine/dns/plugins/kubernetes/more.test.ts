/**
 * Ports of CoreDNS plugin/kubernetes handler_pod_{disabled,insecure,verified}_test.go,
 * kubernetes_apex_test.go, handler_case_test.go, handler_ignore_emptyservice_test.go, ns_test.go and
 * reverse_test.go (4b26cced), plus the NXDOMAIN/NODATA table of dns-behaviour.md §4.
 */
import { describe, it } from "vitest";
import { handlerTestCluster } from "./test-fixtures.js";
import { FakeCluster } from "./test-cluster.js";
import { expectDig, testDns } from "./test-dig.js";

const SOA =
  "cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1499347823 7200 1800 86400 5";
const NX = `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const NODATA = `;; status: NOERROR, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const ok = (answer: string, extra?: string) =>
  `;; status: NOERROR, flags: qr aa rd\n;; ANSWER:\n${answer}${extra ? `\n;; ADDITIONAL:\n${extra}` : ""}`;
const corefile = (opts: string) => `cluster.local:53 {\n kubernetes cluster.local {\n${opts}\n }\n}`;

function podCluster(): FakeCluster {
  return new FakeCluster().ns("podns").ns("svcns").addPod("podns", "foo", "10.240.0.1");
}

function table(
  name: string,
  cluster: FakeCluster,
  cf: string,
  cases: [string, string][],
  self: string[] = [],
) {
  describe(name, () => {
    const dns = testDns(cluster, cf, [], self);
    for (const [q, e] of cases) it(q, () => expectDig(dns.ask(q, { transport: "tcp" }), e));
  });
}

table("pods disabled", podCluster(), corefile(""), [
  ["10-240-0-1.podns.pod.cluster.local. A", NX],
  ["172-0-0-2.podns.pod.cluster.local. A", NX],
  ["podns.pod.cluster.local. A", NX],
  ["pod.cluster.local. A", NODATA],
]);

table("pods insecure", podCluster(), corefile("pods insecure"), [
  ["10-240-0-1.podns.pod.cluster.local. A", ok("10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1")],
  ["172-0-0-2.podns.pod.cluster.local. A", ok("172-0-0-2.podns.pod.cluster.local. 5 IN A 172.0.0.2")],
  ["blah.podns.pod.cluster.local. A", NX],
  ["blah.podns.pod.cluster.local. AAAA", NX],
  ["blah.podns.pod.cluster.local. HINFO", NX],
  ["blah.pod-nons.pod.cluster.local. A", NX],
  ["podns.pod.cluster.local. A", NODATA],
  ["10-240-0-1.podns.pod.cluster.local. AAAA", NODATA],
  ["fd00--1.podns.pod.cluster.local. AAAA", ok("fd00--1.podns.pod.cluster.local. 5 IN AAAA fd00::1")],
]);

table(
  "pods verified",
  podCluster()
    .addPod("podns", "done", "10.240.0.9", "Succeeded")
    .addPod("podns", "bye", "10.240.0.8", "Running", true),
  corefile("pods verified"),
  [
    ["10-240-0-1.podns.pod.cluster.local. A", ok("10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1")],
    ["podns.pod.cluster.local. A", NODATA],
    ["svcns.svc.cluster.local. A", NODATA],
    ["pod-nons.pod.cluster.local. A", NX],
    ["172-0-0-2.podns.pod.cluster.local. A", NX],
    ["10-240-0-9.podns.pod.cluster.local. A", NX],
    ["10-240-0-8.podns.pod.cluster.local. A", NX],
    ["10-240-0-1.svcns.pod.cluster.local. A", NX],
  ],
);

table(
  "zone apex (kubernetes_apex_test.go; no service holds the own address → ns.dns.<zone>)",
  new FakeCluster(),
  corefile(""),
  [
    ["cluster.local. SOA", `;; status: NOERROR, flags: qr aa rd\n;; ANSWER:\n${SOA}`],
    ["cluster.local. HINFO", NODATA],
    [
      "cluster.local. NS",
      ok("cluster.local. 5 IN NS ns.dns.cluster.local.", "ns.dns.cluster.local. 5 IN A 10.244.0.2"),
    ],
    ["cluster.local. A", NODATA],
    ["cluster.local. AAAA", NODATA],
    ["cluster.local. SRV", NODATA],
    ["cluster.local. TXT", NX],
    ["svc.cluster.local. TXT", NX],
    ["ns.dns.cluster.local. A", ok("ns.dns.cluster.local. 5 IN A 10.244.0.2")],
    ["ns.dns.cluster.local. AAAA", NODATA],
  ],
  ["10.244.0.2", "127.0.0.1"],
);

table(
  "NS from the services that select CoreDNS (ns_test.go)",
  new FakeCluster()
    .ns("kube-system")
    .svc("kube-system", "kube-dns", {
      clusterIPs: ["10.96.0.10"],
      ports: [{ name: "dns", protocol: "UDP", port: 53 }],
    })
    .slice(
      "kube-system",
      "kube-dns",
      [{ ip: "10.244.0.2" }, { ip: "10.244.1.3" }],
      [{ name: "dns", protocol: "UDP", port: 53 }],
    )
    .svc("kube-system", "dns-hdls", { clusterIPs: ["None"] })
    .slice("kube-system", "dns-hdls", [{ ip: "10.244.0.2" }]),
  corefile("ttl 30"),
  [
    [
      "cluster.local. NS",
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.
       cluster.local. 30 IN NS 10-244-0-2.dns-hdls.kube-system.svc.cluster.local.
       ;; ADDITIONAL:
       kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10
       10-244-0-2.dns-hdls.kube-system.svc.cluster.local. 30 IN A 10.244.0.2`,
    ],
    [
      "ns.dns.cluster.local. A",
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       ns.dns.cluster.local. 30 IN A 10.96.0.10
       ns.dns.cluster.local. 30 IN A 10.244.0.2`,
    ],
    // handler.go compares the lower-cased name with the zone in the query's spelling.
    [
      "Cluster.local. NS",
      `;; status: NOERROR, flags: qr aa rd\n;; AUTHORITY:\nCluster.local. 5 IN SOA ns.dns.Cluster.local. hostmaster.Cluster.local. 1499347823 7200 1800 86400 30`.replace(
        " 5 IN SOA",
        " 30 IN SOA",
      ),
    ],
  ],
  ["10.244.0.2"],
);

table(
  "case handling (handler_case_test.go)",
  handlerTestCluster(),
  corefile(" namespaces testns\n ignore empty_service"),
  [
    [
      "not-a-service.testns.svc.ClUsTeR.lOcAl. A",
      ";; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\nClUsTeR.lOcAl. 5 IN SOA ns.dns.ClUsTeR.lOcAl. hostmaster.ClUsTeR.lOcAl. 1499347823 7200 1800 86400 5",
    ],
    ["SvC1.TeStNs.SvC.cLuStEr.LoCaL. A", ok("SvC1.TeStNs.SvC.cLuStEr.LoCaL. 5 IN A 10.0.0.1")],
    [
      "_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL. SRV",
      ok(
        "_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL. 5 IN SRV 0 100 80 svc1.testns.svc.cLuStEr.LoCaL.",
        "svc1.testns.svc.cLuStEr.LoCaL. 5 IN A 10.0.0.1",
      ),
    ],
    [
      "Cluster.local. SOA",
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nCluster.local. 5 IN SOA ns.dns.Cluster.local. hostmaster.Cluster.local. 1499347823 7200 1800 86400 5",
    ],
  ],
);

table(
  "ignore empty_service (handler_ignore_emptyservice_test.go)",
  handlerTestCluster(),
  corefile(" namespaces testns\n ignore empty_service"),
  [
    ["svcempty.testns.svc.cluster.local. A", NX],
    [
      "external.testns.svc.cluster.local. CNAME",
      ok("external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test."),
    ],
    ["svc1.testns.svc.cluster.local. A", ok("svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1")],
  ],
);

const REV_SOA =
  "0.10.in-addr.arpa. 5 IN SOA ns.dns.0.10.in-addr.arpa. hostmaster.0.10.in-addr.arpa. 1499347823 7200 1800 86400 5";
table(
  "PTR (reverse_test.go)",
  new FakeCluster()
    .ns("testns")
    .ns("other")
    .svc("testns", "svc1", {
      clusterIPs: ["10.0.0.100", "1234:abcd::1"],
      ports: [{ name: "http", port: 80 }],
    })
    .svc("testns", "svc-skew", { clusterIPs: ["None"] })
    .slice(
      "testns",
      "svc1",
      [
        { ip: "10.0.0.100" },
        { ip: "1234:abcd::1" },
        { ip: "10.0.0.99", hostname: "double-ep" },
        { ip: "fd00:77:30::a" },
        { ip: "fd00:77:30::2:9ba6" },
      ],
      [{ name: "http", port: 80 }],
    )
    .slice("testns", "svc-skew", [{ ip: "10.0.0.150" }], [], "svc-skew-a")
    .slice("testns", "svc-skew", [{ ip: "10.0.0.150" }], [], "svc-skew-b")
    .svc("other", "two", { clusterIPs: ["None"] })
    .slice("other", "two", [{ ip: "10.0.0.99" }]),
  `.:53 {\n kubernetes cluster.local 0.10.in-addr.arpa ip6.arpa\n}`,
  [
    ["100.0.0.10.in-addr.arpa. PTR", ok("100.0.0.10.in-addr.arpa. 5 IN PTR svc1.testns.svc.cluster.local.")],
    [
      "99.0.0.10.in-addr.arpa. PTR",
      ok(`99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc1.testns.svc.cluster.local.
          99.0.0.10.in-addr.arpa. 5 IN PTR 10-0-0-99.two.other.svc.cluster.local.`),
    ],
    [
      "150.0.0.10.in-addr.arpa. PTR",
      ok("150.0.0.10.in-addr.arpa. 5 IN PTR 10-0-0-150.svc-skew.testns.svc.cluster.local."),
    ],
    [
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa. PTR",
      ok(
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa. 5 IN PTR svc1.testns.svc.cluster.local.",
      ),
    ],
    [
      "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. PTR",
      ok(
        "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. 5 IN PTR fd00-77-30--a.svc1.testns.svc.cluster.local.",
      ),
    ],
    ["101.0.0.10.in-addr.arpa. PTR", `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${REV_SOA}`],
    ["example.0.10.in-addr.arpa. PTR", `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${REV_SOA}`],
    [
      "svc1.testns.svc.0.10.in-addr.arpa. PTR",
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${REV_SOA}`,
    ],
    [
      "svc1.testns.svc.0.10.in-addr.arpa. A",
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${REV_SOA}`,
    ],
    ["svc1.testns.svc.cluster.local. PTR", NODATA],
    ["svc0.testns.svc.cluster.local. PTR", NX],
  ],
);

describe("fallthrough: only name errors go to the next plugin", () => {
  const cluster = handlerTestCluster();
  const cf = `.:53 {\n kubernetes cluster.local in-addr.arpa {\n  fallthrough in-addr.arpa\n }\n}`;
  const dns = testDns(cluster, cf);
  it("an unknown PTR falls through; nothing follows → SERVFAIL", () =>
    expectDig(dns.ask("9.9.9.9.in-addr.arpa. PTR"), ";; status: SERVFAIL, flags: qr rd"));
  it("a forward NXDOMAIN outside the fallthrough zones does not", () =>
    expectDig(dns.ask("svc0.testns.svc.cluster.local. A"), NX));
  it("NODATA never falls through", () => expectDig(dns.ask("svc1.testns.svc.cluster.local. AAAA"), NODATA));
});

describe("endpoint labels and options", () => {
  const cluster = new FakeCluster()
    .ns("ns")
    .ns("hidden", { team: "x" })
    .svc("ns", "web", { clusterIPs: ["None"], ports: [{ name: "http", port: 80 }] })
    .slice(
      "ns",
      "web",
      [
        { ip: "10.1.0.1", pod: "web-0" },
        { ip: "10.1.0.2", pod: "web-1", ready: false },
        { ip: "2001:db8::", pod: "x".repeat(64) },
      ],
      [{ name: "http", port: 8080 }],
    )
    .svc("hidden", "a", { clusterIPs: ["10.0.9.9"], ports: [{ name: "http", port: 80 }] })
    .svc("ns", "ipext", { externalName: "1.2.3.4" })
    .svc("ns", "empty", { clusterIPs: ["None"] })
    .slice("ns", "empty", [{ ip: "10.1.0.7", ready: false }]);
  const dns = testDns(cluster, corefile(" endpoint_pod_names\n namespace_labels team!=x\n ttl 0"));
  const soa0 =
    "cluster.local. 0 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1499347823 7200 1800 86400 0";
  it("pod names label endpoints; unready endpoints are left out; SRV uses the slice port", () =>
    expectDig(
      dns.ask("_http._tcp.web.ns.svc.cluster.local. SRV", { transport: "tcp" }),
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       _http._tcp.web.ns.svc.cluster.local. 0 IN SRV 0 50 8080 web-0.web.ns.svc.cluster.local.
       _http._tcp.web.ns.svc.cluster.local. 0 IN SRV 0 50 8080 2001-db8--0.web.ns.svc.cluster.local.
       ;; ADDITIONAL:
       web-0.web.ns.svc.cluster.local. 0 IN A 10.1.0.1
       2001-db8--0.web.ns.svc.cluster.local. 0 IN AAAA 2001:db8::`,
    ));
  it("underscores are optional on port and protocol", () =>
    expectDig(
      dns.ask("http.tcp.web.ns.svc.cluster.local. A"),
      ok("http.tcp.web.ns.svc.cluster.local. 0 IN A 10.1.0.1"),
    ));
  it("an unmatched port is NXDOMAIN", () =>
    expectDig(
      dns.ask("_dns._udp.web.ns.svc.cluster.local. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa0}`,
    ));
  it("namespace_labels hides a namespace", () =>
    expectDig(
      dns.ask("a.hidden.svc.cluster.local. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa0}`,
    ));
  it("an IP-valued externalName is NXDOMAIN", () =>
    expectDig(
      dns.ask("ipext.ns.svc.cluster.local. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa0}`,
    ));
  it("a headless service without ready endpoints is NXDOMAIN", () =>
    expectDig(
      dns.ask("empty.ns.svc.cluster.local. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa0}`,
    ));
  it("too many labels is NXDOMAIN", () =>
    expectDig(
      dns.ask("a.b.c.web.ns.svc.cluster.local. A"),
      `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${soa0}`,
    ));
  it("AXFR to the plugin is REFUSED", () =>
    expectDig(dns.ask("cluster.local. AXFR"), ";; status: REFUSED, flags: qr rd"));
});

table(
  "NS: ns_test.go TestNsAddrs (ClusterIP, headless and IPv6 services selecting the own address)",
  new FakeCluster()
    .ns("kube-system")
    .svc("kube-system", "dns-service", { clusterIPs: ["10.0.0.111"] })
    .svc("kube-system", "hdls-dns-service", { clusterIPs: ["None"] })
    .svc("kube-system", "dns6-service", { clusterIPs: ["10::111"] })
    .slice("kube-system", "dns-service", [{ ip: "10.244.0.20" }])
    .slice("kube-system", "hdls-dns-service", [{ ip: "10.244.0.20" }])
    .slice("kube-system", "dns6-service", [{ ip: "10.244.0.20" }]),
  `inter.webs.test {\n kubernetes\n}`,
  [
    [
      "inter.webs.test. NS",
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       inter.webs.test. 5 IN NS dns-service.kube-system.svc.inter.webs.test.
       inter.webs.test. 5 IN NS 10-244-0-20.hdls-dns-service.kube-system.svc.inter.webs.test.
       inter.webs.test. 5 IN NS dns6-service.kube-system.svc.inter.webs.test.
       ;; ADDITIONAL:
       dns-service.kube-system.svc.inter.webs.test. 5 IN A 10.0.0.111
       10-244-0-20.hdls-dns-service.kube-system.svc.inter.webs.test. 5 IN A 10.244.0.20
       dns6-service.kube-system.svc.inter.webs.test. 5 IN AAAA 10::111`,
    ],
    [
      "ns.dns.inter.webs.test. AAAA",
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nns.dns.inter.webs.test. 5 IN AAAA 10::111",
    ],
  ],
  ["10.244.0.20", "10.96.0.10"],
);
