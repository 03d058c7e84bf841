/**
 * DNS on the wire for the real targets, over the engine's codec (the one other door into the engine
 * besides the reference target, DESIGN.md rule 3): the DnsObs shape of a reply, a UDP/TCP client that
 * queries a real server, and the scenario's modelled upstream world served over real DNS.
 */
export { dnsObservation } from "./dns-observation.js";
export { queryServer, summarize, type WireQuery } from "./wire-client.js";
export { serveUpstream, type NameMapping, type UpstreamRecordText } from "./upstream-server.js";
export { serveUpstreamWorld, type UpstreamState } from "./upstream-process.js";
export { dnsFromPcap, type CapturedDns } from "./pcap.js";
export {
  exchangeLoopback,
  freeLoopbackPort,
  type ExchangeOptions,
  packetsObservation,
  queryPacket,
  type LoopbackQuestion,
} from "./loopback-exchange.js";
