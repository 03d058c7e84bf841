/**
 * Ports and port names on every object kind that has them: Service ports (DNS-1123 label names,
 * required and unique with several ports), container ports (IANA_SVC_NAME, 15 characters), EndpointSlice
 * and Endpoints ports (DNS-1123 labels), NetworkPolicy ports (IANA names or numbers); numbers at and
 * past the edges; protocols, including the empty and the lower-case spelling.
 */
import type { CaseBody, CaseContext, Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, container, doc, maybe, meta, pod, service } from "./build.js";

const PORT_NAMES = [
  "http",
  "service-port-tcp-80",
  "dns-tcp",
  "a",
  "80",
  "http-",
  "-http",
  "ht--tp",
  "HTTP",
  "h_ttp",
  "abcdefghijklmno",
  "abcdefghijklmnop",
  "a".repeat(63),
  "a".repeat(64),
  "",
];
const NUMBERS = [80, 1, 0, 65535, 65536, 70000, -1, 8080];
const PROTOCOLS = ["TCP", "UDP", "SCTP", "", "tcp", "HTTP"];

function servicePorts(r: Rng): object[] {
  const n = r.int(1, 3);
  const out: object[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      compact({
        name: maybe(r, 0.8, PORT_NAMES),
        port: r.chance(0.8) ? 80 + i : r.pick(NUMBERS),
        protocol: maybe(r, 0.4, PROTOCOLS),
        targetPort: maybe(r, 0.4, [8080, "http", 0, 70000, "", "ht--tp", "a".repeat(16)] as const),
        appProtocol: maybe(r, 0.1, ["http", "kubernetes.io/h2c", "Bad Proto", "example.com/x"]),
      }),
    );
  if (r.chance(0.15) && out.length > 0) out.push({ ...out[0]! });
  return out;
}

export const ports: Family = {
  name: "ports",
  weight: 8,
  make(r, c) {
    const kind = r.pick(["Service", "Pod", "EndpointSlice", "Endpoints", "NetworkPolicy"] as const);
    switch (kind) {
      case "EndpointSlice":
      case "Endpoints":
      case "NetworkPolicy":
        return otherPorts(kind, r, c);
      case "Service": {
        const p = servicePorts(r);
        return {
          title: `Service ports ${JSON.stringify(p)}`,
          probe: service("s", c.ns, { selector: { app: "a" }, ports: p }),
        };
      }
      case "Pod": {
        const list = Array.from({ length: r.int(1, 3) }, () =>
          compact({
            name: maybe(r, 0.7, PORT_NAMES),
            containerPort: r.chance(0.8) ? r.pick([80, 8080, 53]) : r.pick(NUMBERS),
            protocol: maybe(r, 0.4, PROTOCOLS),
            hostPort: maybe(r, 0.15, [80, 0, 70000]),
          }),
        );
        return {
          title: `container ports ${JSON.stringify(list)}`,
          probe: pod("p", c.ns, { containers: [container("c", { ports: list })] }),
        };
      }
    }
  },
};

/** Ports of EndpointSlices, Endpoints and NetworkPolicies. */
function otherPorts(kind: "EndpointSlice" | "Endpoints" | "NetworkPolicy", r: Rng, c: CaseContext): CaseBody {
  switch (kind) {
    case "EndpointSlice": {
      const list = Array.from({ length: r.int(1, 2) }, () =>
        compact({
          name: maybe(r, 0.8, PORT_NAMES),
          port: maybe(r, 0.9, NUMBERS),
          protocol: maybe(r, 0.4, PROTOCOLS),
        }),
      );
      return {
        title: `EndpointSlice ports ${JSON.stringify(list)}`,
        probe: doc({
          apiVersion: "discovery.k8s.io/v1",
          kind,
          metadata: meta("s-1", c.ns, { labels: { "kubernetes.io/service-name": "s" } }),
          addressType: "IPv4",
          ports: list,
          endpoints: [{ addresses: ["10.1.2.3"] }],
        }),
      };
    }
    case "Endpoints": {
      const list = Array.from({ length: r.int(1, 2) }, () =>
        compact({
          name: maybe(r, 0.7, PORT_NAMES),
          port: r.pick(NUMBERS),
          protocol: maybe(r, 0.4, PROTOCOLS),
        }),
      );
      return {
        title: `Endpoints ports ${JSON.stringify(list)}`,
        probe: doc({
          apiVersion: "v1",
          kind,
          metadata: meta("s", c.ns),
          subsets: [{ addresses: [{ ip: "10.1.2.3" }], ports: list }],
        }),
      };
    }
    case "NetworkPolicy": {
      const list = Array.from({ length: r.int(1, 2) }, () =>
        compact({
          port: maybe(r, 0.8, [...NUMBERS, ...PORT_NAMES] as (string | number)[]),
          endPort: maybe(r, 0.3, [90, 70000, 79, 65535]),
          protocol: maybe(r, 0.4, PROTOCOLS),
        }),
      );
      return {
        title: `NetworkPolicy ports ${JSON.stringify(list)}`,
        probe: doc({
          apiVersion: "networking.k8s.io/v1",
          kind,
          metadata: meta("np", c.ns),
          spec: { podSelector: {}, ingress: [{ ports: list }] },
        }),
      };
    }
  }
}
