/** Engine scale: load time, heap and in-process query rate for growing clusters. */
import { loadavg } from "node:os";
import { createEngine } from "../engine/index.js";
import { syntheticManifests, queryMix, type SyntheticShape } from "./synthetic-cluster.js";
import { fmt, heapMiB, throughput, timed } from "./measure.js";
import { headline } from "./headlines.js";

const shapes: SyntheticShape[] = [
  { services: 100, pods: 1_000, namespaces: 10, headlessEvery: 5 },
  { services: 1_000, pods: 10_000, namespaces: 50, headlessEvery: 5 },
  { services: 10_000, pods: 50_000, namespaces: 100, headlessEvery: 5 },
  { services: 10_000, pods: 100_000, namespaces: 100, headlessEvery: 5 },
];

export async function engineScale(): Promise<string[]> {
  const lines = [
    "| services | pods | manifest MiB | load s | load CPU s | load µs/object | heap MiB | queries/s (in-process) | load avg (1 min) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const shape of shapes) {
    const text = syntheticManifests(shape);
    const before = heapMiB();
    // CPU time beside wall time: on a shared machine the wall figure is mostly the other sessions'.
    const cpu0 = process.cpuUsage();
    const { value: engine, ms } = timed(() => {
      const e = createEngine(
        {
          profile: "kubeadm",
          nodes: Math.max(3, Math.ceil(shape.pods / 100)),
          podCidrs: ["10.0.0.0/8"],
          hostPrefix: 24,
        },
        { seed: 1 },
      );
      e.apply([{ path: "synthetic.yaml", text, line: 1, column: 0 }]);
      return e;
    });
    const cpu = process.cpuUsage(cpu0);
    const heap = heapMiB() - before;
    const queries = queryMix(shape);
    const q = throughput(queries, (x) => engine.dns({ name: x.name, type: x.type }), 1500);
    const objects = shape.pods + shape.services;
    if (shape.pods === 100_000)
      headline({
        figure: `engine load, ${shape.pods.toLocaleString("en")} pods / ${shape.services.toLocaleString("en")} services`,
        value: `${fmt(ms / 1000, 2)} s (CPU ${fmt((cpu.user + cpu.system) / 1e6, 2)} s), heap ${fmt(heap)} MiB, load avg ${fmt(loadavg()[0]!, 1)}`,
        target: "< 10 s and < 400 MiB",
        met: ms < 10_000 && heap < 400,
        section: "engine",
      });
    lines.push(
      `| ${shape.services} | ${shape.pods} | ${fmt(text.length / 2 ** 20)} | ${fmt(ms / 1000, 2)} | ${fmt((cpu.user + cpu.system) / 1e6, 2)} | ${fmt((ms * 1000) / objects)} | ${fmt(heap)} | ${fmt(q.perSecond, 0)} | ${fmt(loadavg()[0]!, 1)} |`,
    );
  }
  return lines;
}
