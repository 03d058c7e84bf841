/** The files kubelet writes into a pod (`resolv-conf` and `hosts` probes), from the reference engine. */
import type { Engine } from "../../../engine/index.js";
import type { HostsObs, ResolvConfObs } from "../../observation.js";
import type { ProbeOf } from "../target.js";
import { podOf } from "./sources.js";

export function observeResolvConf(engine: Engine, probe: ProbeOf<"resolv-conf">): ResolvConfObs {
  const { conf, text, warnings } = engine.resolvConf(podOf(probe.of));
  return {
    kind: "resolv-conf",
    nameservers: conf.nameservers,
    search: conf.search,
    options: conf.options,
    text,
    warnings,
  };
}

export function observeHosts(engine: Engine, probe: ProbeOf<"hosts">): HostsObs {
  const { entries, text } = engine.hosts(podOf(probe.of));
  return { kind: "hosts", entries: entries.map((e) => ({ ip: e.ip, names: e.names })), text };
}
