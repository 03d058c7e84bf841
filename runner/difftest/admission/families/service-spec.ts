/**
 * Service spec combinations: type × clusterIP/clusterIPs × ipFamilies/ipFamilyPolicy × headless ×
 * selector; traffic policies and health-check node port; session affinity; externalIPs;
 * LoadBalancer fields; ExternalName (pkg/apis/core/validation ValidateService and
 * ValidateServiceClusterIPsRelatedFields, pkg/apis/core/v1/defaults.go SetDefaults_Service).
 */
import type { Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, maybe, service } from "./build.js";

const TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "", "clusterip", "Headless"];
const CLUSTER_IPS = [
  "None",
  "",
  "10.96.100.10",
  "10.97.0.5",
  "192.168.0.1",
  "not-an-ip",
  "10.96.0.1",
  "fd00::1",
  "010.96.1.1",
];
const POLICIES = ["SingleStack", "PreferDualStack", "RequireDualStack", "", "Dual"];
const FAMILIES = [["IPv4"], ["IPv6"], ["IPv4", "IPv6"], ["IPv4", "IPv4"], ["ipv4"], []];

function ips(r: Rng): object {
  const clusterIP = maybe(r, 0.5, CLUSTER_IPS);
  let clusterIPs: string[] | undefined;
  if (r.chance(0.25))
    clusterIPs = clusterIP !== undefined && r.chance(0.6) ? [clusterIP] : [r.pick(CLUSTER_IPS)];
  if (clusterIPs && r.chance(0.2)) clusterIPs.push(r.pick(["fd00::5", "10.96.7.7", "None"]));
  return compact({
    clusterIP,
    clusterIPs,
    ipFamilies: maybe(r, 0.25, FAMILIES),
    ipFamilyPolicy: maybe(r, 0.25, POLICIES),
  });
}

function traffic(r: Rng): object {
  return compact({
    externalTrafficPolicy: maybe(r, 0.3, ["Cluster", "Local", "", "local", "Global"]),
    internalTrafficPolicy: maybe(r, 0.2, ["Cluster", "Local", "", "Node"]),
    healthCheckNodePort: maybe(r, 0.1, [30500, 0, 80]),
    trafficDistribution: maybe(r, 0.1, ["PreferClose", "", "Anywhere"]),
    publishNotReadyAddresses: maybe(r, 0.1, [true, false]),
  });
}

function affinity(r: Rng): object {
  const sessionAffinity = maybe(r, 0.5, ["None", "ClientIP", "", "Sticky"]);
  const timeoutSeconds = maybe(r, 0.6, [10800, 0, 86400, 86401, -5, 1]);
  return compact({
    sessionAffinity,
    sessionAffinityConfig: r.chance(0.4) ? { clientIP: compact({ timeoutSeconds }) } : undefined,
  });
}

function external(r: Rng): object {
  return compact({
    externalIPs: maybe(r, 0.3, [
      ["203.0.113.7"],
      ["1.2.3"],
      ["0.0.0.0"],
      ["127.0.0.1"],
      ["169.254.1.1"],
      ["224.0.0.1"],
      ["2001:db8::1"],
      ["203.0.113.7", "203.0.113.7"],
      [""],
    ]),
    loadBalancerIP: maybe(r, 0.15, ["203.0.113.9", "bad", ""]),
    loadBalancerSourceRanges: maybe(r, 0.15, [
      ["10.0.0.0/8"],
      ["10.0.0.1"],
      [" 192.168.0.0/16 "],
      ["0.0.0.0/0", "::/0"],
    ]),
    allocateLoadBalancerNodePorts: maybe(r, 0.15, [true, false]),
    loadBalancerClass: maybe(r, 0.1, ["example.com/lb", "lb", "", "Bad Class"]),
    externalName: maybe(r, 0.3, [
      "example.com",
      "example.com.",
      "Bad_Name",
      "",
      "a.".repeat(130),
      "10.1.2.3",
      "svc.ns.svc.cluster.local",
    ]),
  });
}

export const serviceSpec: Family = {
  name: "service-spec",
  weight: 12,
  make(r, c) {
    const type = maybe(r, 0.8, TYPES);
    const selector = r.pick([{ app: "a" }, undefined, {}, { "bad key!": "x" }]);
    const portsList = r.chance(0.9)
      ? [
          {
            name: "http",
            port: r.pick([80, 80, 10250]),
            ...(r.chance(0.2) ? { nodePort: r.pick([30080, 80, 0]) } : {}),
          },
        ]
      : [];
    const spec = compact({
      type,
      selector,
      ports: portsList.length || r.chance(0.5) ? portsList : undefined,
      ...ips(r),
      ...(r.chance(0.35) ? traffic(r) : {}),
      ...(r.chance(0.3) ? affinity(r) : {}),
      ...(r.chance(0.35) ? external(r) : {}),
    });
    return { title: `Service spec ${JSON.stringify(spec)}`, probe: service("s", c.ns, spec) };
  },
};
