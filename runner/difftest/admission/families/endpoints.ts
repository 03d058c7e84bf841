/**
 * EndpointSlice and Endpoints: address types and addresses (pkg/apis/discovery/validation,
 * validateEndpointSubsets/validateEndpointAddress in pkg/apis/core/validation), conditions,
 * hostnames, node names, target references; v1 Endpoints subsets with ready and not-ready addresses.
 */
import type { Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, doc, maybe, meta } from "./build.js";

const V4 = [
  "10.1.2.3",
  "192.168.7.1",
  "127.0.0.1",
  "169.254.1.1",
  "224.0.0.5",
  "0.0.0.0",
  "10.1.2",
  "010.1.2.3",
];
const V6 = ["fd00::1", "2001:db8::5", "::1", "fe80::1", "::ffff:10.1.2.3"];
const FQDNS = ["db.example.com", "Db.Example.com", "a_b.example", "example.com."];

function slice(r: Rng, ns: string): string {
  const addressType = r.pick(["IPv4", "IPv4", "IPv6", "FQDN", "", "ipv4", "Mixed"]);
  const pool =
    addressType === "IPv6"
      ? [...V6, ...V4.slice(0, 1)]
      : addressType === "FQDN"
        ? FQDNS
        : [...V4, ...V6.slice(0, 1)];
  const endpoints = Array.from({ length: r.int(0, 3) }, () =>
    compact({
      addresses: r.chance(0.1)
        ? []
        : Array.from({ length: r.chance(0.85) ? 1 : r.int(2, 3) }, () => r.pick(pool)),
      conditions: maybe(r, 0.5, [{ ready: true }, { ready: false, serving: true, terminating: true }, {}]),
      hostname: maybe(r, 0.2, ["web-0", "Web_0", "a.b"]),
      nodeName: maybe(r, 0.2, ["node-1", "Node_1"]),
      zone: maybe(r, 0.1, ["zone-a"]),
      targetRef: maybe(r, 0.2, [{ kind: "Pod", name: "p", namespace: ns }, { kind: "Pod" }]),
      deprecatedTopology: maybe(r, 0.05, [{ "kubernetes.io/hostname": "n" }]),
    }),
  );
  const labels = maybe(r, 0.8, [
    { "kubernetes.io/service-name": "s" },
    { "kubernetes.io/service-name": "s", "endpointslice.kubernetes.io/managed-by": "me" },
  ]);
  return doc({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: meta("s-1", ns, labels ? { labels } : {}),
    ...compact({ addressType: addressType === "" && r.chance(0.5) ? undefined : addressType }),
    ports: [{ name: "http", port: 80, protocol: "TCP" }],
    endpoints,
  });
}

function endpoints(r: Rng, ns: string): string {
  const subsets = Array.from({ length: r.int(0, 2) }, () =>
    compact({
      addresses: maybe(r, 0.8, [
        [{ ip: r.pick([...V4, ...V6]) }],
        [{ ip: "10.1.2.3", hostname: r.pick(["h", "H_1"]) }],
        [{ ip: "10.1.2.3", nodeName: "n1" }],
        [{}],
      ]),
      notReadyAddresses: maybe(r, 0.3, [[{ ip: r.pick(V4) }]]),
      ports: maybe(r, 0.8, [
        [{ port: 80 }],
        [
          { name: "a", port: 80 },
          { name: "b", port: 81, protocol: "UDP" },
        ],
        [{ port: 80 }, { port: 81 }],
        [],
      ]),
    }),
  );
  return doc({ apiVersion: "v1", kind: "Endpoints", metadata: meta("s", ns), subsets });
}

export const endpointFamily: Family = {
  name: "endpoints",
  weight: 5,
  make(r, c) {
    const probe = r.chance(0.6) ? slice(r, c.ns) : endpoints(r, c.ns);
    return {
      title: probe.includes("EndpointSlice") ? "EndpointSlice addresses" : "Endpoints subsets",
      probe,
    };
  },
};
