/**
 * Port of CoreDNS plugin/kubernetes/xfr_test.go (TestKubernetesAXFR, TestKubernetesIXFRCurrent,
 * TestKubernetesTransferNonAuthZone) at 4b26cced, through the transfer plugin over TCP: the fake
 * cluster of handler_test.go (test-fixtures.ts), namespaces testns and kube-system, CoreDNS's own
 * address 10.0.0.10.
 */
import { describe, expect, it } from "vitest";
import { makeQuery, presentLine } from "../../present.js";
import { transferPlugin } from "../transfer/index.js";
import { handlerTestCluster } from "./test-fixtures.js";
import { testDns } from "./test-dig.js";

const COREFILE = `cluster.local {
    transfer {
        to *
    }
    kubernetes cluster.local {
        namespaces testns kube-system
    }
}`;

/**
 * xfr_test.go expectedZone, in order, the serial written as SERIAL (the fake API's is 3, the model's
 * the cluster's last change).
 */
const EXPECTED = `cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. SERIAL 7200 1800 86400 5
cluster.local. 5 IN NS ns.dns.cluster.local.
ns.dns.cluster.local. 5 IN A 10.0.0.10
external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.
external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.
hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2
172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2
_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-2.hdls1.testns.svc.cluster.local.
hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3
172-0-0-3.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3
_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-3.hdls1.testns.svc.cluster.local.
hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4
dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4
_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.
hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5
dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5
_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.
hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1
5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1
_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--1.hdls1.testns.svc.cluster.local.
hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2
5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2
_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--2.hdls1.testns.svc.cluster.local.
hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20
172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20
kubedns.kube-system.svc.cluster.local. 5 IN A 10.0.0.10
kubedns.kube-system.svc.cluster.local. 5 IN SRV 0 100 53 kubedns.kube-system.svc.cluster.local.
_dns._udp.kubedns.kube-system.svc.cluster.local. 5 IN SRV 0 100 53 kubedns.kube-system.svc.cluster.local.
svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3
svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3
svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc-dual-stack.testns.svc.cluster.local.
_http._tcp.svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc-dual-stack.testns.svc.cluster.local.
svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1
svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.
_http._tcp.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.
svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1
svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.
_http._tcp.svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.
svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1
svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.
_http._tcp.svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.
cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. SERIAL 7200 1800 86400 5`;

describe("kubernetes as a Transferer (xfr.go)", () => {
  const dns = testDns(handlerTestCluster(), COREFILE, [transferPlugin], ["10.0.0.10"], ["10.0.0.10"]);

  it("TestKubernetesAXFR: SOA, NS and its address, every exposed service in name order, SOA", () => {
    const m = dns.ask("cluster.local. AXFR", { transport: "tcp" })!;
    expect(m.flags.aa).toBe(true);
    const lines = m.answer.map((r) => presentLine(r).replace(/ SOA (\S+ \S+) \d+ /, " SOA $1 SERIAL "));
    expect(lines.join("\n")).toBe(EXPECTED);
  });

  it("TestKubernetesIXFRCurrent / IXFRFallback: the current serial gets the lone SOA, an older one the zone", () => {
    const cluster = handlerTestCluster();
    const d = testDns(cluster, COREFILE, [transferPlugin], ["10.0.0.10"], ["10.0.0.10"]);
    const ixfr = (serial: number) => {
      const q = makeQuery({ name: "cluster.local.", type: "IXFR" });
      const soa = { mname: "x.", rname: "y.", serial, refresh: 0, retry: 0, expire: 0, minimum: 0 };
      q.authority = [
        { name: "cluster.local.", type: "SOA", class: "IN", ttl: 0, data: { type: "SOA", soa } },
      ];
      return d.service.query(q, { clientIp: "10.244.0.5", transport: "tcp", port: 53 }).reply!;
    };
    expect(ixfr(cluster.lastChangeUnix).answer.map((r) => r.type)).toEqual(["SOA"]);
    expect(ixfr(1).answer.length).toBe(EXPECTED.split("\n").length);
  });

  it("TestKubernetesTransferNonAuthZone: a zone outside the plugin's goes on (no block serves it: REFUSED)", () => {
    expect(dns.ask("example.com. AXFR", { transport: "tcp" })?.rcode).toBe("REFUSED");
  });
});
