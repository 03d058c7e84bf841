/** The fake cluster of CoreDNS plugin/kubernetes/handler_test.go (svcIndex + epsIndex) and its Upstub, as model objects. */
import type { PluginFactory } from "../../plugin.js";
import { replyTo } from "../shared/index.js";
import { FakeCluster } from "./test-cluster.js";

/** handler_test.go svcIndex + epsIndex. */
export function handlerTestCluster(): FakeCluster {
  return new FakeCluster()
    .ns("testns")
    .ns("kube-system")
    .ns("unexposedns")
    .ns("svc-nons")
    .svc("kube-system", "kubedns", {
      clusterIPs: ["10.0.0.10"],
      ports: [{ name: "dns", protocol: "udp", port: 53 }],
    })
    .svc("testns", "svc1", { clusterIPs: ["10.0.0.1"], ports: [{ name: "http", protocol: "tcp", port: 80 }] })
    .svc("testns", "svcempty", {
      clusterIPs: ["10.0.0.1"],
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .svc("testns", "svc6", {
      clusterIPs: ["1234:abcd::1"],
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .svc("testns", "hdls1", { clusterIPs: ["None"] })
    .svc("testns", "external", {
      externalName: "ext.interwebs.test",
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .svc("testns", "external-to-service", {
      externalName: "svc1.testns.svc.cluster.local.",
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .svc("testns", "hdlsprtls", { clusterIPs: ["None"] })
    .svc("unexposedns", "svc1", {
      clusterIPs: ["10.0.0.2"],
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .svc("testns", "svc-dual-stack", {
      clusterIPs: ["10.0.0.3", "10::3"],
      ports: [{ name: "http", protocol: "tcp", port: 80 }],
    })
    .slice("kube-system", "kubedns", [{ ip: "172.0.0.100" }], [{ name: "dns", protocol: "udp", port: 53 }])
    .slice(
      "testns",
      "svc1",
      [{ ip: "172.0.0.1", hostname: "ep1a" }],
      [{ name: "http", protocol: "tcp", port: 80 }],
    )
    .slice("testns", "svcempty", [], [{ name: "http", protocol: "tcp", port: 80 }])
    .slice(
      "testns",
      "hdls1",
      [
        { ip: "172.0.0.2" },
        { ip: "172.0.0.3" },
        { ip: "172.0.0.4", hostname: "dup-name" },
        { ip: "172.0.0.5", hostname: "dup-name" },
        { ip: "5678:abcd::1" },
        { ip: "5678:abcd::2" },
      ],
      [{ name: "http", protocol: "tcp", port: 80 }],
    )
    .slice("testns", "hdlsprtls", [{ ip: "172.0.0.20" }]);
}

/** handler_test.go Upstub: the outside world answers ext.interwebs.test with TC set. */
export const upstub: PluginFactory = {
  name: "forward",
  setup: () => ({
    name: "forward",
    serve(req) {
      const m = replyTo(req.msg);
      m.flags.tc = true;
      if (req.qname === "ext.interwebs.test." && req.qtype === "A") {
        m.answer.push({
          name: "ext.interwebs.test.",
          type: "A",
          class: "IN",
          ttl: 5,
          data: { type: "A", address: "1.2.3.4" },
        });
      }
      return { kind: "reply", msg: m, by: "forward" };
    },
  }),
};
