/**
 * Port of CoreDNS 1.14.7 plugin/kubernetes/xfr_test.go TestKubernetesMultiClusterAXFR through the
 * transfer plugin over TCP: handler_test.go's fake API (ServiceImports and multicluster slices,
 * test-fixtures-mcs.ts), zones cluster.local and clusterset.local, namespaces testns and kube-system,
 * CoreDNS's own address 10.0.0.10. Endpoint names in the transfer carry no cluster id.
 */
import { describe, expect, it } from "vitest";
import { presentLine } from "../../present.js";
import { transferPlugin } from "../transfer/index.js";
import { multiclusterTestCluster } from "./test-fixtures-mcs.js";
import { testDns } from "./test-dig.js";

const COREFILE = `clusterset.local {
    transfer {
        to *
    }
    kubernetes cluster.local clusterset.local {
        namespaces testns kube-system
        multicluster clusterset.local
    }
}`;

/** xfr_test.go expectedMultiClusterZone, in order, the serial written as SERIAL. */
const EXPECTED = `clusterset.local. 5 IN SOA ns.dns.clusterset.local. hostmaster.clusterset.local. SERIAL 7200 1800 86400 5
clusterset.local. 5 IN NS ns.dns.clusterset.local.
ns.dns.clusterset.local. 5 IN A 10.0.0.10
hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.2
172-0-0-2.hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.2
_http._tcp.hdls1.testns.svc.clusterset.local. 5 IN SRV 0 16 80 172-0-0-2.hdls1.testns.svc.clusterset.local.
hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.3
172-0-0-3.hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.3
_http._tcp.hdls1.testns.svc.clusterset.local. 5 IN SRV 0 16 80 172-0-0-3.hdls1.testns.svc.clusterset.local.
hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.4
dup-name.hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.4
_http._tcp.hdls1.testns.svc.clusterset.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.clusterset.local.
hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.5
dup-name.hdls1.testns.svc.clusterset.local. 5 IN A 172.0.0.5
_http._tcp.hdls1.testns.svc.clusterset.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.clusterset.local.
hdls1.testns.svc.clusterset.local. 5 IN AAAA 5678:abcd::1
5678-abcd--1.hdls1.testns.svc.clusterset.local. 5 IN AAAA 5678:abcd::1
_http._tcp.hdls1.testns.svc.clusterset.local. 5 IN SRV 0 16 80 5678-abcd--1.hdls1.testns.svc.clusterset.local.
hdls1.testns.svc.clusterset.local. 5 IN AAAA 5678:abcd::2
5678-abcd--2.hdls1.testns.svc.clusterset.local. 5 IN AAAA 5678:abcd::2
_http._tcp.hdls1.testns.svc.clusterset.local. 5 IN SRV 0 16 80 5678-abcd--2.hdls1.testns.svc.clusterset.local.
hdlsprtls.testns.svc.clusterset.local. 5 IN A 172.0.0.20
172-0-0-20.hdlsprtls.testns.svc.clusterset.local. 5 IN A 172.0.0.20
kubedns.kube-system.svc.clusterset.local. 5 IN A 10.0.0.10
kubedns.kube-system.svc.clusterset.local. 5 IN SRV 0 100 53 kubedns.kube-system.svc.clusterset.local.
_dns._udp.kubedns.kube-system.svc.clusterset.local. 5 IN SRV 0 100 53 kubedns.kube-system.svc.clusterset.local.
svc-dual-stack.testns.svc.clusterset.local. 5 IN A 10.0.0.3
svc-dual-stack.testns.svc.clusterset.local. 5 IN AAAA 10::3
svc-dual-stack.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svc-dual-stack.testns.svc.clusterset.local.
_http._tcp.svc-dual-stack.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svc-dual-stack.testns.svc.clusterset.local.
svc1.testns.svc.clusterset.local. 5 IN A 10.0.0.1
svc1.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svc1.testns.svc.clusterset.local.
_http._tcp.svc1.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svc1.testns.svc.clusterset.local.
svc6.testns.svc.clusterset.local. 5 IN AAAA 1234:abcd::1
svc6.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svc6.testns.svc.clusterset.local.
_http._tcp.svc6.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svc6.testns.svc.clusterset.local.
svcempty.testns.svc.clusterset.local. 5 IN A 10.0.0.1
svcempty.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svcempty.testns.svc.clusterset.local.
_http._tcp.svcempty.testns.svc.clusterset.local. 5 IN SRV 0 100 80 svcempty.testns.svc.clusterset.local.
clusterset.local. 5 IN SOA ns.dns.clusterset.local. hostmaster.clusterset.local. SERIAL 7200 1800 86400 5`;

describe("kubernetes multicluster as a Transferer (xfr.go transferMultiClusterServices)", () => {
  const dns = testDns(multiclusterTestCluster(), COREFILE, [transferPlugin], ["10.0.0.10"], ["10.0.0.10"]);

  it("TestKubernetesMultiClusterAXFR: SOA, NS, every exposed ServiceImport in name order, SOA", () => {
    const m = dns.ask("clusterset.local. AXFR", { transport: "tcp" })!;
    expect(m.rcode).toBe("NOERROR");
    const lines = m.answer.map((r) => presentLine(r).replace(/ SOA (\S+ \S+) \d+ /, " SOA $1 SERIAL "));
    expect(lines.join("\n")).toBe(EXPECTED);
  });
});
