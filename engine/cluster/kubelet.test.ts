import { describe, expect, it } from "vitest";
import { podHosts, podResolvConf, type KubeletDnsContext } from "./kubelet.js";
import type { Pod } from "./model.js";

const ctx: KubeletDnsContext = {
  clusterDomain: "cluster.local",
  clusterDNS: ["10.96.0.10"],
  hostConf: { nameservers: ["192.168.0.1"], search: ["corp.example"], options: ["edns0"] },
  nodeHostname: "worker-0",
  nodeIPs: ["192.168.0.11"],
};

function pod(spec: Partial<Pod["spec"]> = {}, name = "debug", namespace = "prod"): Pod {
  return {
    kind: "Pod",
    metadata: {
      name,
      namespace,
      uid: "u",
      labels: {},
      annotations: {},
      creationMs: 0,
      resourceVersion: 1,
      ownerReferences: [],
    },
    spec: {
      hostNetwork: false,
      dnsPolicy: "ClusterFirst",
      hostAliases: [],
      setHostnameAsFQDN: false,
      containers: [],
      nodeSelector: {},
      tolerations: [],
      ...spec,
    },
    status: { phase: "Running", podIP: "10.244.1.5", podIPs: ["10.244.1.5"], conditions: [] },
  };
}

describe("kubelet resolv.conf (dns.go)", () => {
  it("ClusterFirst: cluster DNS, cluster search domains then the host's, ndots:5 only", () => {
    expect(podResolvConf(pod(), ctx).text).toBe(
      "search prod.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });
  it("ClusterFirst with hostNetwork behaves as Default; ClusterFirstWithHostNet does not", () => {
    expect(podResolvConf(pod({ hostNetwork: true }), ctx).conf).toEqual(ctx.hostConf);
    expect(
      podResolvConf(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }), ctx).conf.nameservers,
    ).toEqual(["10.96.0.10"]);
  });
  it("None takes everything from dnsConfig; options merge by name with pod values winning", () => {
    const none = pod({
      dnsPolicy: "None",
      dnsConfig: {
        nameservers: ["1.1.1.1"],
        searches: ["resolv.conf.local"],
        options: [{ name: "ndots", value: "2" }],
      },
    });
    expect(podResolvConf(none, ctx).text).toBe(
      "search resolv.conf.local\nnameserver 1.1.1.1\noptions ndots:2\n",
    );
    const merged = pod({
      dnsConfig: {
        nameservers: [],
        searches: [],
        options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
      },
    });
    expect(podResolvConf(merged, ctx).conf.options).toEqual(["ndots:2", "edns0"]);
  });
  it("cuts nameservers to 3 and the search line to 2048 characters, with warnings", () => {
    const many = pod({
      dnsConfig: {
        nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9"],
        searches: Array.from({ length: 40 }, (_, i) => `${"d".repeat(60)}${i}.example`),
        options: [],
      },
    });
    const r = podResolvConf(many, ctx);
    expect(r.conf.nameservers).toEqual(["10.96.0.10", "1.1.1.1", "8.8.8.8"]);
    expect(r.conf.search.length).toBeLessThanOrEqual(32);
    expect(r.conf.search.join(" ").length).toBeLessThanOrEqual(2048);
    expect(r.warnings).toHaveLength(2);
  });
});

describe("kubelet /etc/hosts (kubelet_pods.go)", () => {
  it("writes the FQDN when hostname and subdomain are set, then hostAliases", () => {
    const p = pod(
      { hostname: "foo", subdomain: "bar", hostAliases: [{ ip: "10.1.2.3", hostnames: ["db"] }] },
      "debug",
      "default",
    );
    expect(podHosts(p, ctx).text).toBe(
      [
        "# Kubernetes-managed hosts file.",
        "127.0.0.1\tlocalhost",
        "::1\tlocalhost\tip6-localhost\tip6-loopback",
        "fe00::0\tip6-localnet",
        "fe00::0\tip6-mcastprefix",
        "fe00::1\tip6-allnodes",
        "fe00::2\tip6-allrouters",
        "10.244.1.5\tfoo.bar.default.svc.cluster.local\tfoo",
        "",
        "# Entries added by HostAliases.",
        "10.1.2.3\tdb",
        "",
      ].join("\n"),
    );
  });
});
