/** Port of CoreDNS plugin/kubernetes/reverse_test.go (TestReverse) at 4b26cced. */
import { describe, it } from "vitest";
import { FakeCluster } from "./test-cluster.js";
import { expectDig, testDns } from "./test-dig.js";

const soa = (zone: string) =>
  `${zone} 5 IN SOA ns.dns.${zone} hostmaster.${zone} 1499347823 7200 1800 86400 5`;
const ptr = (q: string, target: string) =>
  `;; status: NOERROR, flags: qr aa rd\n;; ANSWER:\n${q} 5 IN PTR ${target}`;
const neg = (rcode: string, zone: string) =>
  `;; status: ${rcode}, flags: qr aa rd\n;; AUTHORITY:\n${soa(zone)}`;

const V6A = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa.";
const V6B = "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.";
const V6C = "6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.";

describe("PTR: reverse_test.go TestReverse", () => {
  const cluster = new FakeCluster()
    .ns("testns")
    .svc("testns", "svc1", {
      clusterIPs: ["192.168.1.100"],
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .slice(
      "testns",
      "svc1",
      [
        { ip: "10.0.0.100", hostname: "ep1a" },
        { ip: "10.0.0.99", hostname: "double-ep" },
      ],
      [{ name: "http", protocol: "tcp", port: 80 }],
    )
    .slice(
      "testns",
      "svc1",
      [
        { ip: "1234:abcd::1", hostname: "ep1b" },
        { ip: "fd00:77:30::a", hostname: "ip6svc1ex" },
        { ip: "fd00:77:30::2:9ba6", hostname: "ip6svc1in" },
      ],
      [{ name: "http", protocol: "tcp", port: 80 }],
    )
    // "slice skew": the same address in a second slice of the same service.
    .slice(
      "testns",
      "svc1",
      [{ ip: "10.0.0.100", hostname: "ep1a" }],
      [{ name: "http", protocol: "tcp", port: 80 }],
    )
    .slice(
      "testns",
      "svc2",
      [{ ip: "10.0.0.99", hostname: "double-ep" }],
      [{ name: "http", protocol: "tcp", port: 80 }],
    );
  const dns = testDns(
    cluster,
    `. {\n kubernetes cluster.local 0.10.in-addr.arpa 168.192.in-addr.arpa ${V6A.slice(16)} ${V6B.slice(16)}\n}`,
  );
  const cases: [string, string][] = [
    ["100.0.0.10.in-addr.arpa. PTR", ptr("100.0.0.10.in-addr.arpa.", "ep1a.svc1.testns.svc.cluster.local.")],
    ["100.1.168.192.in-addr.arpa. PTR", ptr("100.1.168.192.in-addr.arpa.", "svc1.testns.svc.cluster.local.")],
    [`${V6A} PTR`, ptr(V6A, "ep1b.svc1.testns.svc.cluster.local.")],
    [`${V6B} PTR`, ptr(V6B, "ip6svc1ex.svc1.testns.svc.cluster.local.")],
    [`${V6C} PTR`, ptr(V6C, "ip6svc1in.svc1.testns.svc.cluster.local.")],
    ["101.0.0.10.in-addr.arpa. PTR", neg("NXDOMAIN", "0.10.in-addr.arpa.")],
    ["example.org.cluster.local. PTR", neg("NXDOMAIN", "cluster.local.")],
    ["svc1.testns.svc.cluster.local. PTR", neg("NOERROR", "cluster.local.")],
    ["svc1.testns.svc.0.10.in-addr.arpa. A", neg("NXDOMAIN", "0.10.in-addr.arpa.")],
    ["100.0.0.10.cluster.local. PTR", neg("NXDOMAIN", "cluster.local.")],
    [
      "99.0.0.10.in-addr.arpa. PTR",
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc1.testns.svc.cluster.local.
       99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc2.testns.svc.cluster.local.`,
    ],
  ];
  for (const [q, e] of cases) it(q, () => expectDig(dns.ask(q, { transport: "tcp" }), e));
});
