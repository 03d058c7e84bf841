/** Cases of CoreDNS 1.14.7 plugin/k8s_external/external_test.go and apex_test.go, through a whole Corefile. */
import { describe, expect, it } from "vitest";
import type { ClusterView } from "../../../cluster/index.js";
import { FakeCluster } from "../kubernetes/test-cluster.js";
import { corefileDig, corefileError } from "../testing/corefile.js";

const cluster = new FakeCluster()
  .ns("testns")
  .ns("kube-system")
  .svc("testns", "svc1", {
    clusterIPs: ["10.0.0.1"],
    externalIPs: ["1.2.3.4"],
    ports: [{ name: "http", port: 80 }],
  })
  .svc("testns", "svc6", {
    clusterIPs: ["10.0.0.3"],
    externalIPs: ["1:2::5"],
    ports: [{ name: "http", port: 80 }],
  })
  .svc("testns", "svc12", {
    type: "LoadBalancer",
    clusterIPs: ["10.0.0.12"],
    ingress: [{ hostname: "dummy.hostname" }],
    ports: [{ name: "http", port: 80 }],
  })
  .svc("testns", "svc-headless", { clusterIPs: ["None"], ports: [{ name: "http", port: 80 }] })
  .slice(
    "testns",
    "svc-headless",
    [
      { ip: "1.2.3.4", hostname: "endpoint-svc-0" },
      { ip: "1.2.3.5", hostname: "endpoint-svc-1" },
    ],
    [{ name: "http", port: 80 }],
  )
  .svc("kube-system", "kube-dns", {
    clusterIPs: ["10.0.0.10"],
    externalIPs: ["203.0.113.53"],
    ports: [{ name: "dns", port: 53, protocol: "UDP" }],
  })
  .slice("kube-system", "kube-dns", [{ ip: "10.244.0.2" }], [{ name: "dns", port: 53, protocol: "UDP" }]);

const COREFILE = `example.com {
    k8s_external {
        headless
    }
    kubernetes cluster.local
}`;
const s = corefileDig(COREFILE, {
  cluster: cluster as unknown as ClusterView,
  selfAddresses: ["10.244.0.2"],
});
const SOA =
  /example\.com\. 5 IN SOA ns1\.dns\.example\.com\. hostmaster\.dns\.example\.com\. \d+ 7200 1800 86400 5/;

describe("k8s_external", () => {
  it("a service's external IPs answer A, AAAA and SRV with the plugin's TTL", () => {
    expect(s.dig("svc1.testns.example.com", "A")).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nsvc1.testns.example.com. 5 IN A 1.2.3.4",
    );
    expect(s.dig("svc6.testns.example.com", "AAAA").split("\n").pop()).toBe(
      "svc6.testns.example.com. 5 IN AAAA 1:2::5",
    );
    expect(s.dig("_http._tcp.svc1.testns.example.com", "SRV")).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\n_http._tcp.svc1.testns.example.com. 5 IN SRV 0 100 80 svc1.testns.example.com.\n;; ADDITIONAL:\nsvc1.testns.example.com. 5 IN A 1.2.3.4",
    );
  });

  it("no address of the asked family is NODATA; an unknown service or protocol NXDOMAIN, both with the SOA", () => {
    const nodata = s.dig("svc1.testns.example.com", "AAAA");
    expect(nodata.split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
    expect(nodata.split("\n")[2]).toMatch(SOA);
    expect(s.dig("svc0.testns.example.com", "A").split("\n")[0]).toBe(";; status: NXDOMAIN, flags: qr aa rd");
    expect(s.dig("*._not-udp-or-tcp.svc1.testns.example.com", "SRV").split("\n")[0]).toBe(
      ";; status: NXDOMAIN, flags: qr aa rd",
    );
    expect(s.dig("svc0.svc-nons.example.com", "A").split("\n")[0]).toBe(
      ";; status: NXDOMAIN, flags: qr aa rd",
    );
    expect(s.dig("testns.example.com", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
  });

  it("a load balancer hostname is a CNAME (kubernetes TTL), SRV targets it", () => {
    expect(s.dig("svc12.testns.example.com", "A")).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nsvc12.testns.example.com. 5 IN CNAME dummy.hostname.",
    );
    expect(s.dig("svc12.testns.example.com", "SRV").split("\n")[2]).toBe(
      "svc12.testns.example.com. 5 IN SRV 0 100 80 dummy.hostname.",
    );
  });

  it("headless: endpoint addresses, SRV weights shared, endpoint names", () => {
    expect(s.dig("svc-headless.testns.example.com", "SRV")).toBe(
      [
        ";; status: NOERROR, flags: qr aa rd",
        ";; ANSWER:",
        "svc-headless.testns.example.com. 5 IN SRV 0 50 80 endpoint-svc-0.svc-headless.testns.example.com.",
        "svc-headless.testns.example.com. 5 IN SRV 0 50 80 endpoint-svc-1.svc-headless.testns.example.com.",
        ";; ADDITIONAL:",
        "endpoint-svc-0.svc-headless.testns.example.com. 5 IN A 1.2.3.4",
        "endpoint-svc-1.svc-headless.testns.example.com. 5 IN A 1.2.3.5",
      ].join("\n"),
    );
    expect(s.dig("endpoint-svc-1.svc-headless.testns.example.com", "A").split("\n").pop()).toBe(
      "endpoint-svc-1.svc-headless.testns.example.com. 5 IN A 1.2.3.5",
    );
  });

  it("the apex: SOA, NS ns1.dns.<zone> with the DNS service's external IP as glue; ns1.dns answers A", () => {
    expect(s.dig("example.com", "SOA").split("\n")[2]).toMatch(SOA);
    expect(s.dig("example.com", "NS")).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nexample.com. 5 IN NS ns1.dns.example.com.\n;; ADDITIONAL:\nns1.dns.example.com. 5 IN A 203.0.113.53",
    );
    expect(s.dig("ns1.dns.example.com", "A").split("\n").pop()).toBe(
      "ns1.dns.example.com. 5 IN A 203.0.113.53",
    );
    expect(s.dig("dns.example.com", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
    expect(s.dig("ns2.dns.example.com", "A").split("\n")[0]).toBe(";; status: NXDOMAIN, flags: qr aa rd");
  });

  it("without the kubernetes plugin CoreDNS does not start; bad options fail with CoreDNS's words", () => {
    const alone = corefileDig("example.com {\n    k8s_external\n}");
    expect(alone.service.status()).toMatchObject({
      running: false,
      reason: "plugin/k8s_external: kubernetes plugin not loaded",
    });
    const at = (line: string) => corefileError(`. {\n    k8s_external {\n        ${line}\n    }\n}`);
    expect(at("ttl 4000")).toBe("line 3: plugin/k8s_external: ttl must be in range [0, 3600]: 4000");
    expect(at("ttl x")).toBe('line 3: plugin/k8s_external: strconv.Atoi: parsing "x": invalid syntax');
    expect(at("apex")).toBe(
      "line 3: plugin/k8s_external: Wrong argument count or unexpected line ending after 'apex'",
    );
    expect(at("zone x")).toBe("line 3: plugin/k8s_external: unknown property 'zone'");
  });
});
