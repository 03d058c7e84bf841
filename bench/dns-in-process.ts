/** The DNS serving path without sockets: wire bytes in, wire bytes out, as `netspec serve` does. */
import { createEngine, encodeMessage, makeQuery } from "../engine/index.js";
import { syntheticManifests, queryMix } from "./synthetic-cluster.js";
import { fmt, throughput } from "./measure.js";

export async function dnsInProcess(): Promise<string[]> {
  const shape = { services: 1_000, pods: 10_000, namespaces: 50, headlessEvery: 5 };
  const engine = createEngine(
    { profile: "kubeadm", nodes: 50, podCidrs: ["10.0.0.0/8"], hostPrefix: 24 },
    { seed: 1 },
  );
  engine.apply([{ path: "synthetic.yaml", text: syntheticManifests(shape), line: 1, column: 0 }]);
  const packets = queryMix(shape).map((q, i) =>
    encodeMessage(makeQuery({ name: q.name, type: q.type, id: i & 0xffff })),
  );
  const r = throughput(
    packets,
    (p) => engine.handleWire(p, { transport: "udp", clientIp: "10.244.1.10" }),
    3000,
  );
  return [
    `cluster: ${shape.services} services, ${shape.pods} pods; query mix: ${packets.length} names (A, SRV, NXDOMAIN)`,
    `handleWire (decode → CoreDNS chain → encode): ${fmt(r.perSecond, 0)} queries/s on one core`,
  ];
}
