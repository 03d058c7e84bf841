/**
 * Pod DNS and networking fields: dnsPolicy, dnsConfig (nameservers, searches, options), hostname,
 * subdomain, hostAliases, hostNetwork (with host ports), and containers (names, images, ports,
 * duplicates, resources), restartPolicy (pkg/apis/core/validation ValidatePodSpec, validatePodDNSConfig,
 * validateContainers, ValidateResourceRequirements, ValidateHostAliases; pkg/apis/core/v1/defaults.go SetDefaults_PodSpec).
 */
import type { Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, container, maybe, pod } from "./build.js";

const POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None", "", "clusterfirst"];
const SEARCHES = [
  "ns.svc.cluster.local",
  "example.com",
  "a_b.example.com",
  ".",
  "Example.COM",
  "-bad.com",
  "x".repeat(64) + ".com",
  "trailing.dot.",
];
const NAMESERVERS = ["1.1.1.1", "8.8.8.8", "fd00::53", "not-an-ip", "10.96.0.10"];

function dnsConfig(r: Rng): object {
  return compact({
    nameservers: maybe(r, 0.7, [[r.pick(NAMESERVERS)], ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"], []]),
    searches: maybe(r, 0.6, [
      [r.pick(SEARCHES)],
      [r.pick(SEARCHES), r.pick(SEARCHES)],
      Array.from({ length: 33 }, (_, i) => `s${i}.example`),
    ]),
    options: maybe(r, 0.4, [
      [{ name: "ndots", value: "2" }],
      [{ name: "" }],
      [{ name: "edns0" }],
      [{ value: "1" }],
    ]),
  });
}

/** ValidateResourceRequirements and SetDefaults_ResourceList (milli rounding, canonical forms). */
const RESOURCES: object[] = [
  { requests: { cpu: "100m", memory: "1.5Gi" }, limits: { cpu: "1", memory: "2Gi" } },
  { limits: { cpu: "1000m", memory: "1024Mi" } },
  { requests: { cpu: "2" }, limits: { cpu: "1" } },
  { limits: { cpu: "1n" }, requests: { cpu: "0.5" } },
  { requests: { cpu: "-1", "ephemeral-storage": 1000000000 } },
  { limits: { "example.com/gpu": "1" }, requests: { "example.com/gpu": "2" } },
  { requests: { "example.com/gpu": "1" } },
  { limits: { "nvidia.com/gpu": "0.5" } },
  { limits: { bogus: "1" } },
  { limits: { "hugepages-2Mi": "3Mi" } },
  { limits: { "hugepages-2Mi": "4Mi", memory: "1Gi" } },
];

function containers(r: Rng, hostNetwork: boolean): object[] {
  const list: object[] = [container(r.pick(["c", "c", "web", "Web", "c_1", ""]))];
  if (r.chance(0.2)) list.push(container(r.chance(0.5) ? "c" : "d"));
  if (r.chance(0.15))
    list[0] = compact({ name: "c", image: maybe(r, 0.5, ["", "nginx:latest", "nginx", " nginx"]) });
  if (r.chance(0.3))
    list[0] = {
      ...(list[0] as object),
      ports: [
        compact({
          containerPort: 80,
          hostPort: hostNetwork ? maybe(r, 0.7, [80, 81]) : maybe(r, 0.3, [8080]),
        }),
      ],
    };
  if (r.chance(0.15)) list[0] = { ...(list[0] as object), resources: r.pick(RESOURCES) };
  if (r.chance(0.1))
    list[0] = {
      ...(list[0] as object),
      imagePullPolicy: r.pick(["Always", "Never", "IfNotPresent", "", "Sometimes"]),
    };
  return list;
}

export const podSpec: Family = {
  name: "pod-spec",
  weight: 10,
  make(r, c) {
    const hostNetwork = maybe(r, 0.2, [true, false]);
    const spec = compact({
      dnsPolicy: maybe(r, 0.5, POLICIES),
      dnsConfig: r.chance(0.4) ? dnsConfig(r) : undefined,
      hostname: maybe(r, 0.25, ["web-0", "Web", "a.b", "x".repeat(64), ""]),
      subdomain: maybe(r, 0.25, ["svc", "Svc", "a.b", ""]),
      setHostnameAsFQDN: maybe(r, 0.1, [true]),
      hostAliases: maybe(r, 0.2, [
        [{ ip: "10.1.2.3", hostnames: ["foo.local"] }],
        [{ ip: "bad", hostnames: ["x"] }],
        [{ ip: "10.1.2.3" }],
        [{ hostnames: ["x"] }],
        [{ ip: "10.1.2.3", hostnames: ["Bad_Host"] }],
      ]),
      hostNetwork,
      restartPolicy: maybe(r, 0.15, ["Always", "OnFailure", "Never", "", "Sometimes"]),
      nodeSelector: maybe(r, 0.1, [{ "kubernetes.io/os": "linux" }, { "bad key!": "x" }]),
      terminationGracePeriodSeconds: maybe(r, 0.1, [0, 30, -1]),
      serviceAccountName: maybe(r, 0.1, ["default", "Bad_SA"]),
      containers: containers(r, hostNetwork === true),
    });
    return { title: `Pod spec ${JSON.stringify(spec)}`, probe: pod("p", c.ns, spec) };
  },
};
