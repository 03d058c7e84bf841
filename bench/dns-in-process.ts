/**
 * The DNS serving path without sockets: wire bytes in, wire bytes out, as `netspec serve` does. Two
 * Corefiles in the same run: the profile's (cache, loadbalance, forward...: every reply computed) and
 * `kubernetes cluster.local` alone, whose replies come from the reply cache after the first pass.
 */
import { createEngine, encodeMessage, makeQuery, type SourceText } from "../engine/index.js";
import { syntheticManifests, queryMix } from "./synthetic-cluster.js";
import { fmt, throughput } from "./measure.js";

export async function dnsInProcess(): Promise<string[]> {
  const shape = { services: 1_000, pods: 10_000, namespaces: 50, headlessEvery: 5 };
  const manifests = syntheticManifests(shape);
  const packets = queryMix(shape).map((q, i) =>
    encodeMessage(makeQuery({ name: q.name, type: q.type, id: i & 0xffff })),
  );
  const rate = (corefile?: SourceText) => {
    const engine = createEngine(
      {
        profile: "kubeadm",
        nodes: 50,
        podCidrs: ["10.0.0.0/8"],
        hostPrefix: 24,
        ...(corefile ? { corefile } : {}),
      },
      { seed: 1 },
    );
    engine.apply([{ path: "synthetic.yaml", text: manifests, line: 1, column: 0 }]);
    return throughput(
      packets,
      (p) => engine.handleWire(p, { transport: "udp", clientIp: "10.244.1.10" }),
      3000,
    ).perSecond;
  };
  const computed = rate();
  const cached = rate({ path: "bench", text: ".:53 {\n  kubernetes cluster.local\n}\n", line: 1, column: 1 });
  return [
    `cluster: ${shape.services} services, ${shape.pods} pods; query mix: ${packets.length} names (A, SRV, NXDOMAIN)`,
    `handleWire, kubeadm's Corefile (decode → CoreDNS chain → encode every time): ${fmt(computed, 0)} queries/s on one core`,
    `handleWire, \`kubernetes cluster.local\` only (reply cache: copy, patch ID and name): ${fmt(cached, 0)} queries/s on one core (${fmt(cached / computed, 1)}×)`,
  ];
}
