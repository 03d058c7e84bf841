/** The CoreDNS model: Corefile, server core, plugin chain, kubernetes plugin, wire codec. */
import { pluginFactories } from "./plugins/index.js";
import { createDnsServiceWith } from "./service.js";
import type { DnsService, DnsServiceOptions } from "./service.js";

/** Build a CoreDNS instance from a Corefile and its surroundings; throws CorefileError. */
export function createDnsService(opts: DnsServiceOptions): DnsService {
  return createDnsServiceWith(opts, pluginFactories);
}

export { createDnsServiceWith } from "./service.js";
export type { DnsService, DnsServiceOptions, QueryMeta } from "./service.js";
export { makeQuery, presentRecord, presentLine } from "./present.js";
export { parseCorefile } from "./corefile/index.js";
export { PLUGIN_ORDER, pluginRank } from "./order.js";
export { encodeMessage, decodeMessage, encodeReply } from "./wire/index.js";
export { CorefileError, CorefileUnmodelled } from "./plugin.js";
export type * from "./message.js";
export type {
  Directive,
  DnsRequest,
  DnsResult,
  Next,
  Plugin,
  PluginEnv,
  PluginFactory,
  ServerBlock,
} from "./plugin.js";
export { kubernetesPlugin } from "./plugins/kubernetes/index.js";
export { reloadTiming, reloadPeriodMs } from "./plugins/reload/index.js";
export { UpstreamWorld, fitToTransport, upstreamFaultsFor } from "./plugins/index.js";
