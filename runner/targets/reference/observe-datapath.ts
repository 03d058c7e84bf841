/** Connections, hop traces and reach tables from the reference engine's datapath. */
import type { Engine } from "../../../engine/index.js";
import type { ConnectObs, ReachObs } from "../../observation.js";
import type { ProbeOf } from "../target.js";
import { destinationOf, endpointOf } from "./sources.js";

export function observeConnect(engine: Engine, probe: ProbeOf<"connect" | "path">): ConnectObs {
  const result = engine.connect({
    from: endpointOf(probe.from),
    to: destinationOf(probe.to),
    port: probe.port,
    protocol: probe.protocol,
  });
  return { kind: "connect", ...result };
}

export function observeReach(engine: Engine, probe: ProbeOf<"reach">): ReachObs {
  const pods = probe.pods.map((p) => `${p.namespace ?? "default"}/${p.name}`);
  const table = engine.reach({ port: probe.port, protocol: probe.protocol, pods });
  return {
    kind: "reach",
    pods: table.pods,
    allowed: table.allowed,
    reasons: table.allowed.flatMap((row, i) =>
      row.flatMap((cell, j) =>
        cell === false ? [`${table.pods[i]} → ${table.pods[j]}: ${table.reasonOf(i, j)}`] : [],
      ),
    ),
  };
}
