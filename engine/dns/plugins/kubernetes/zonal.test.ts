/** Zone-scoped names (`zonal` option), after CoreDNS plugin/kubernetes/zonal_test.go and dns-behaviour.md §3.11. */
import { describe, it } from "vitest";
import { FakeCluster } from "./test-cluster.js";
import { expectDig, testDns } from "./test-dig.js";

const SOA =
  "cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1499347823 7200 1800 86400 5";
const NX = `;; status: NXDOMAIN, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;
const NODATA = `;; status: NOERROR, flags: qr aa rd\n;; AUTHORITY:\n${SOA}`;

describe("zonal names", () => {
  const cluster = new FakeCluster()
    .ns("ns")
    .svc("ns", "hdls", { clusterIPs: ["None"], ports: [{ name: "http", port: 80 }] })
    .slice(
      "ns",
      "hdls",
      [
        { ip: "10.1.0.1", zone: "us-east-1a" },
        { ip: "10.1.0.2", zone: "us-east-1b" },
        { ip: "10.1.0.3", zone: "us-east-1b" },
      ],
      [{ name: "http", port: 8080 }],
    )
    .svc("ns", "cip", { clusterIPs: ["10.0.0.7"], ports: [{ name: "http", port: 80 }] });
  const dns = testDns(cluster, `cluster.local {\n kubernetes {\n  zonal\n }\n}`);
  const ask = (q: string) => dns.ask(q, { transport: "tcp" });
  it("pin keeps only the zone's endpoints", () =>
    expectDig(
      ask("us-east-1b.pin._zone.hdls.ns.svc.cluster.local. A"),
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       us-east-1b.pin._zone.hdls.ns.svc.cluster.local. 5 IN A 10.1.0.2
       us-east-1b.pin._zone.hdls.ns.svc.cluster.local. 5 IN A 10.1.0.3`,
    ));
  it("pin on an empty zone is NODATA, also for TXT", () => {
    expectDig(ask("eu-west-1a.pin._zone.hdls.ns.svc.cluster.local. A"), NODATA);
    expectDig(ask("eu-west-1a.pin._zone.hdls.ns.svc.cluster.local. TXT"), NODATA);
  });
  it("prefer falls back to every endpoint; SRV weight over 3 entries", () =>
    expectDig(
      ask("eu-west-1a.prefer._zone.hdls.ns.svc.cluster.local. SRV"),
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       eu-west-1a.prefer._zone.hdls.ns.svc.cluster.local. 5 IN SRV 0 33 8080 10-1-0-1.hdls.ns.svc.cluster.local.
       eu-west-1a.prefer._zone.hdls.ns.svc.cluster.local. 5 IN SRV 0 33 8080 10-1-0-2.hdls.ns.svc.cluster.local.
       eu-west-1a.prefer._zone.hdls.ns.svc.cluster.local. 5 IN SRV 0 33 8080 10-1-0-3.hdls.ns.svc.cluster.local.
       ;; ADDITIONAL:
       10-1-0-1.hdls.ns.svc.cluster.local. 5 IN A 10.1.0.1
       10-1-0-2.hdls.ns.svc.cluster.local. 5 IN A 10.1.0.2
       10-1-0-3.hdls.ns.svc.cluster.local. 5 IN A 10.1.0.3`,
    ));
  it("ClusterIP services and unknown directives are NXDOMAIN", () => {
    expectDig(ask("us-east-1a.pin._zone.cip.ns.svc.cluster.local. A"), NX);
    expectDig(ask("us-east-1a.near._zone.hdls.ns.svc.cluster.local. A"), NX);
  });
  it("without the option a zonal name is too long", () => {
    const off = testDns(cluster, `cluster.local {\n kubernetes\n}`);
    expectDig(off.ask("us-east-1b.pin._zone.hdls.ns.svc.cluster.local. A"), NX);
  });
  it("topology zones compare case-insensitively (object/endpoint.go lower-cases them)", () => {
    const mixed = new FakeCluster()
      .ns("ns")
      .svc("ns", "hdls", { clusterIPs: ["None"], ports: [{ name: "http", port: 80 }] })
      .slice("ns", "hdls", [{ ip: "10.1.0.9", zone: "EU-Central-1A" }], [{ name: "http", port: 8080 }]);
    const z = testDns(mixed, `cluster.local {\n kubernetes {\n  zonal\n }\n}`);
    expectDig(
      z.ask("eu-CENTRAL-1a.pin._zone.hdls.ns.svc.cluster.local. A"),
      `;; status: NOERROR, flags: qr aa rd
       ;; ANSWER:
       eu-CENTRAL-1a.pin._zone.hdls.ns.svc.cluster.local. 5 IN A 10.1.0.9`,
    );
  });
});
