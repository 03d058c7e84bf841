/**
 * Port of CoreDNS plugin/kubernetes/handler_test.go (TestServeDNS: commonDnsTestCases + dnsTestCases,
 * TestServeNamespaceDNS) at 4b26cced: the same fake cluster as model objects, the same queries, the
 * same expected sections (compared sorted, like test.SortAndCheck).
 */
import { describe, expect, it } from "vitest";
import { handlerTestCluster, upstub } from "./test-fixtures.js";
import { expectDig, testDns } from "./test-dig.js";

const SOA =
  "cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1499347823 7200 1800 86400 5";
const NX = `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const NODATA = `;; status: NOERROR, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const ok = (answer: string, extra?: string) =>
  `;; status: NOERROR, flags: qr aa rd\n;; ANSWER:\n${answer}${extra ? `\n;; ADDITIONAL:\n${extra}` : ""}`;

const CASES: [string, string][] = [
  ["svc1.testns.svc.cluster.local. A", ok("svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1")],
  ["svcempty.testns.svc.cluster.local. A", ok("svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1")],
  [
    "svc1.testns.svc.cluster.local. SRV",
    ok(
      "svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.",
      "svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "svcempty.testns.svc.cluster.local. SRV",
    ok(
      "svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.",
      "svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "svc6.testns.svc.cluster.local. SRV",
    ok(
      "svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.",
      "svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1",
    ),
  ],
  [
    "_http._tcp.svc1.testns.svc.cluster.local. SRV",
    ok(
      "_http._tcp.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.",
      "svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "_http._tcp.svcempty.testns.svc.cluster.local. SRV",
    ok(
      "_http._tcp.svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.",
      "svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1",
    ),
  ],
  [
    "hdls1.testns.svc.cluster.local. A",
    ok(`hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2
        hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3
        hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4
        hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5`),
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
      "_http._tcp.svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.",
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
      "svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local.",
      `svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3
       svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3`,
    ),
  ],
  ["svc1.testns.svc.cluster.local. SOA", NODATA],
  ["endpoint.external.testns.svc.cluster.local. CNAME", NX],
  ["subdomain.subdomain.external.testns.svc.cluster.local. CNAME", NX],
  // dnsTestCases
  [
    "_http._tcp.hdls1.testns.svc.cluster.local. SRV",
    ok(
      `_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-2.hdls1.testns.svc.cluster.local.
       _http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-3.hdls1.testns.svc.cluster.local.
       _http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--1.hdls1.testns.svc.cluster.local.
       _http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--2.hdls1.testns.svc.cluster.local.
       _http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.`,
      `172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2
       172-0-0-3.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3
       5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1
       5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2
       dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4
       dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5`,
    ),
  ],
  [
    "5678-abcd--2.hdls1.testns.svc.cluster.local AAAA",
    ok("5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2"),
  ],
  [
    "5678-abcd--1.hdls1.testns.svc.cluster.local. AAAA",
    ok("5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1"),
  ],
  [
    "172-0-0-20.hdlsprtls.testns.svc.cluster.local. A",
    ok("172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20"),
  ],
  [
    "172-0-0-2.hdls1.testns.svc.cluster.local. A",
    ok("172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2"),
  ],
  [
    "172-0-0-3.hdls1.testns.svc.cluster.local. A",
    ok("172-0-0-3.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3"),
  ],
  [
    "dup-name.hdls1.testns.svc.cluster.local. A",
    ok(`dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4
        dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5`),
  ],
  [
    "external.testns.svc.cluster.local. CNAME",
    ok("external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test."),
  ],
  [
    "external.testns.svc.cluster.local. A",
    `;; status: NOERROR, flags: qr aa tc rd
     ;; ANSWER:
     ext.interwebs.test. 5 IN A 1.2.3.4
     external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.`,
  ],
  [
    "external-to-service.testns.svc.cluster.local A",
    ok(`external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.
        svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1`),
  ],
  // TestServices (kubernetes_test.go): endpoint names work for ClusterIP services too.
  ["ep1a.svc1.testns.svc.cluster.local. A", ok("ep1a.svc1.testns.svc.cluster.local. 5 IN A 172.0.0.1")],
];

const COREFILE = `.:53 {
  kubernetes cluster.local {
    namespaces testns
  }
  forward . 192.0.2.53
}`;

describe("kubernetes plugin: CoreDNS handler_test.go TestServeDNS", () => {
  const dns = testDns(handlerTestCluster(), COREFILE, [upstub]);
  for (const [q, expected] of CASES) {
    // TCP: CoreDNS unit tests call the handler directly, without the UDP size scrub.
    it(q, () => expectDig(dns.ask(q, { transport: "tcp" }), expected));
  }
  it("keeps the CNAME before its target records", () => {
    const r = dns.ask("external-to-service.testns.svc.cluster.local. A", { transport: "tcp" });
    expectDig(r, CASES.find(([q]) => q.startsWith("external-to-service"))![1]);
    if (r?.answer[0]?.type !== "CNAME") throw new Error("CNAME must come first");
  });
});

describe("kubernetes plugin through the server over UDP", () => {
  const dns = testDns(handlerTestCluster(), COREFILE, [upstub]);
  // miekg/dns Msg.Truncate: over 512 bytes uncompressed but under 512 compressed → sent whole,
  // compressed, without TC (records are only dropped when the compressed size does not fit).
  it("a headless SRV answer that fits 512 bytes only compressed is sent whole, without TC", () => {
    const r = dns.ask("_http._tcp.hdls1.testns.svc.cluster.local. SRV");
    expect(r?.flags.tc).toBe(false);
    expect(r?.answer.length).toBe(5);
    expect(r?.additional.length).toBe(6);
  });
  it("fits with EDNS bufsize 1232, and the reply echoes the OPT", () => {
    const r = dns.ask("_http._tcp.hdls1.testns.svc.cluster.local. SRV", { bufsize: 1232 });
    expect(r?.flags.tc).toBe(false);
    expect(r?.additional.length).toBe(6);
    expect(r?.edns?.udpSize).toBe(1232);
  });
});

describe("kubernetes plugin: TestServeNamespaceDNS (no namespaces option, ttl 30)", () => {
  const dns = testDns(
    handlerTestCluster().ns("nsnoexist-not").ns("podns"),
    `.:53 {\n kubernetes cluster.local {\n  ttl 30\n }\n}`,
  );
  it("exposed namespace that exists", () =>
    expectDig(
      dns.ask("svc1.testns.svc.cluster.local. A"),
      ok("svc1.testns.svc.cluster.local. 30 IN A 10.0.0.1"),
    ));
  it("namespace that does not exist → NXDOMAIN, SOA TTL 30 and minimum 30", () =>
    expectDig(
      dns.ask("svc1.nsnoexist.svc.cluster.local. A"),
      `;; status: NXDOMAIN, flags: qr aa rd
       ;; AUTHORITY:
       cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1499347823 7200 1800 86400 30`,
    ));
});
