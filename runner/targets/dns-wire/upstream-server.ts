/**
 * The scenario's upstream world (`upstream { ... }` records) served over real DNS, so a real CoreDNS
 * forwarding "outside the cluster" gets the same answers the reference engine's modelled upstream
 * gives (engine UpstreamWorld: NXDOMAIN with the root SOA for absent names, rcode lines, CNAME chains).
 *
 * A target that renames namespaces per case (the local target) passes `names`: a question about a
 * renamed cluster name is answered as the world answers the scenario's name, under the name asked.
 */
import {
  decodeMessage,
  encodeMessage,
  fitToTransport,
  serveDns,
  UpstreamWorld,
  type DnsListener,
  type DnsMessage,
  type ResourceRecord,
} from "../../../engine/index.js";

export interface UpstreamRecordText {
  name: string;
  type: string;
  data: string;
  ttl?: number;
  rcode?: string;
}

export interface NameMapping {
  /** Cluster name → the scenario's. */
  back(name: string): string;
  /** The scenario's name → the cluster's. */
  forward(name: string): string;
}

export async function serveUpstream(
  records: UpstreamRecordText[],
  listen: { host: string; port: number },
  names?: () => NameMapping,
): Promise<DnsListener> {
  const world = new UpstreamWorld(records, Math.floor(Date.now() / 1000));
  return serveDns({
    listen,
    // Over UDP the reply is cut to the query's size as the engine's model cuts it (fitToTransport),
    // after any renaming, since longer names fit fewer records.
    handle: (packet, meta) => {
      const msg = decodeMessage(packet);
      const send = (reply: DnsMessage) =>
        encodeMessage(fitToTransport(msg, reply, meta.transport), { compress: true });
      const q = msg.question[0];
      const map = names?.();
      const scenario = q && map ? map.back(q.name) : undefined;
      if (!q || !map || !scenario || scenario === q.name) {
        const answer = world.answer(msg);
        return answer.kind === "timeout" ? undefined : send(answer.msg);
      }
      const answer = world.answer({ ...msg, question: [{ ...q, name: scenario }] });
      if (answer.kind === "timeout") return undefined;
      const rename = (rr: ResourceRecord): ResourceRecord => ({
        ...rr,
        name: rr.name.toLowerCase() === scenario.toLowerCase() ? q.name : map.forward(rr.name),
        data:
          rr.data.type === "CNAME" || rr.data.type === "PTR" || rr.data.type === "NS"
            ? { ...rr.data, target: map.forward(rr.data.target) }
            : rr.data,
      });
      return send({
        ...answer.msg,
        question: msg.question,
        answer: answer.msg.answer.map(rename),
        authority: answer.msg.authority.map(rename),
        additional: answer.msg.additional.map(rename),
      });
    },
  });
}
