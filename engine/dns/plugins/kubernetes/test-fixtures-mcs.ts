/**
 * The multicluster half of CoreDNS plugin/kubernetes/handler_test.go's fake API (svcImportIndex +
 * mcEpsIndex), as ServiceImports and mcs-api-labelled EndpointSlices on top of handlerTestCluster.
 */
import { handlerTestCluster } from "./test-fixtures.js";
import type { FakeCluster } from "./test-cluster.js";

const HTTP = [{ name: "http", protocol: "tcp", port: 80 }];

/** handler_test.go svcIndex + epsIndex + svcImportIndex + mcEpsIndex (every slice from cluster1). */
export function multiclusterTestCluster(): FakeCluster {
  return handlerTestCluster()
    .svcImport("kube-system", "kubedns", {
      type: "ClusterSetIP",
      ips: ["10.0.0.10"],
      ports: [{ name: "dns", protocol: "udp", port: 53 }],
    })
    .svcImport("testns", "svc1", { type: "ClusterSetIP", ips: ["10.0.0.1"], ports: HTTP })
    .svcImport("testns", "svcempty", { type: "ClusterSetIP", ips: ["10.0.0.1"], ports: HTTP })
    .svcImport("testns", "svc6", { type: "ClusterSetIP", ips: ["1234:abcd::1"], ports: HTTP })
    .svcImport("testns", "hdls1", { type: "Headless", ips: [] })
    .svcImport("testns", "hdlsprtls", { type: "Headless" })
    .svcImport("unexposedns", "svc1", { type: "ClusterSetIP", ips: ["10.0.0.2"], ports: HTTP })
    .svcImport("testns", "svc-dual-stack", { type: "ClusterSetIP", ips: ["10.0.0.3", "10::3"], ports: HTTP })
    .mcSlice(
      "kube-system",
      "kubedns",
      "cluster1",
      [{ ip: "172.0.0.100" }],
      [{ name: "dns", protocol: "udp", port: 53 }],
    )
    .mcSlice("testns", "svc1", "cluster1", [{ ip: "172.0.0.1", hostname: "ep1a" }], HTTP)
    .mcSlice("testns", "svcempty", "cluster1", [], HTTP)
    .mcSlice(
      "testns",
      "hdls1",
      "cluster1",
      [
        { ip: "172.0.0.2" },
        { ip: "172.0.0.3" },
        { ip: "172.0.0.4", hostname: "dup-name" },
        { ip: "172.0.0.5", hostname: "dup-name" },
        { ip: "5678:abcd::1" },
        { ip: "5678:abcd::2" },
      ],
      HTTP,
    )
    .mcSlice("testns", "hdlsprtls", "cluster1", [{ ip: "172.0.0.20" }]);
}
