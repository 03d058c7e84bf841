/**
 * The scenario's upstream world (`upstream { ... }` records) served over real DNS, so a real CoreDNS
 * forwarding "outside the cluster" gets the same answers the reference engine's modelled upstream
 * gives (engine UpstreamWorld: NXDOMAIN with the root SOA for absent names, rcode lines, CNAME chains).
 */
import {
  decodeMessage,
  encodeMessage,
  serveDns,
  UpstreamWorld,
  type DnsListener,
} from "../../../engine/index.js";

export interface UpstreamRecordText {
  name: string;
  type: string;
  data: string;
  ttl?: number;
  rcode?: string;
}

export async function serveUpstream(
  records: UpstreamRecordText[],
  listen: { host: string; port: number },
): Promise<DnsListener> {
  const world = new UpstreamWorld(records, Math.floor(Date.now() / 1000));
  return serveDns({
    listen,
    handle: (packet) => {
      const answer = world.answer(decodeMessage(packet));
      return answer.kind === "timeout" ? undefined : encodeMessage(answer.msg, { compress: true });
    },
  });
}
