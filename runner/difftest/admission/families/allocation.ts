/**
 * What the allocators decide, so the probe is created for real: nodePorts in and out of range, taken
 * by another Service, repeated inside one Service (per protocol), kept across TCP and UDP; requested
 * cluster IPs taken by another Service; health-check node ports (pkg/registry/core/service/storage
 * alloc.go, portallocator, ipallocator). Values derive from the case index, so cases never collide.
 */
import type { CaseContext, Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, service } from "./build.js";

/** A nodePort and a cluster IP no other case uses. */
function values(c: CaseContext): { nodePort: number; ip: string; ip2: string } {
  const nodePort = 30000 + ((c.index * 7) % 2700);
  const off = 4096 + c.index * 3;
  const ip = (o: number) => `10.${96 + (o >> 16)}.${(o >> 8) & 255}.${o & 255}`;
  return { nodePort, ip: ip(off), ip2: ip(off + 1) };
}

function portsVariant(r: Rng, np: number): object[] {
  switch (r.int(0, 5)) {
    case 0:
      return [
        { name: "a", port: 80, nodePort: np },
        { name: "b", port: 81, nodePort: np },
      ];
    case 1:
      return [
        { name: "a", port: 53, protocol: "TCP", nodePort: np },
        { name: "b", port: 53, protocol: "UDP", nodePort: np },
      ];
    case 2:
      return [{ port: 80, nodePort: r.pick([29999, 32768, 30000, 32767]) }];
    case 3:
      return [
        { name: "a", port: 80 },
        { name: "b", port: 81, nodePort: np },
      ];
    default:
      return [{ port: 80, nodePort: np }];
  }
}

export const allocation: Family = {
  name: "allocation",
  weight: 6,
  make(r, c) {
    const v = values(c);
    const what = r.pick([
      "nodeport",
      "nodeport-taken",
      "clusterip-taken",
      "clusterip-free",
      "health-check",
    ] as const);
    switch (what) {
      case "nodeport": {
        const p = portsVariant(r, v.nodePort);
        return {
          title: `NodePort ports ${JSON.stringify(p)}`,
          probe: service("s", c.ns, { type: "NodePort", ports: p }),
          create: true,
        };
      }
      case "nodeport-taken":
        return {
          title: "a nodePort another Service holds",
          setup: [service("first", c.ns, { type: "NodePort", ports: [{ port: 80, nodePort: v.nodePort }] })],
          probe: service("s", c.ns, {
            type: r.pick(["NodePort", "LoadBalancer"]),
            ports: [{ port: 80, protocol: r.pick(["TCP", "UDP"]), nodePort: v.nodePort }],
          }),
          create: true,
        };
      case "clusterip-taken":
        return {
          title: "a cluster IP another Service holds",
          setup: [service("first", c.ns, { clusterIP: v.ip, ports: [{ port: 80 }] })],
          probe: service(
            "s",
            c.ns,
            compact({
              clusterIP: v.ip,
              clusterIPs: r.chance(0.3) ? [v.ip] : undefined,
              ports: [{ port: 80 }],
            }),
          ),
          create: true,
        };
      case "clusterip-free":
        return {
          title: "a free cluster IP, or none requested",
          probe: service(
            "s",
            c.ns,
            compact({
              clusterIP: r.chance(0.5) ? v.ip2 : undefined,
              type: r.pick(["ClusterIP", "NodePort", undefined]),
              ports: [{ port: 80 }],
            }),
          ),
          create: true,
        };
      case "health-check":
        return {
          title: "LoadBalancer with externalTrafficPolicy Local and a health-check node port",
          probe: service(
            "s",
            c.ns,
            compact({
              type: r.pick(["LoadBalancer", "NodePort"]),
              externalTrafficPolicy: r.pick(["Local", "Cluster"]),
              healthCheckNodePort: r.chance(0.5) ? v.nodePort : undefined,
              ports: [{ port: 80 }],
            }),
          ),
          create: true,
        };
    }
  },
};
