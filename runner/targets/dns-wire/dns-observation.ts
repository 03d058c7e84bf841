/**
 * DNS replies (the engine's message model) as the DnsObs every target reports: flags in dig's order,
 * records in presentation format, OPT left out of additional (its payload size is `ednsUdpSize`).
 */
import { presentRecord, type DnsExchange, type ResourceRecord } from "../../../engine/index.js";
import type { DnsMessage } from "../../../engine/index.js";
import type { DnsObs, EdnsObs, RecordObs } from "../../observation.js";

/** RFC 5001 NSID and RFC 8914 Extended DNS Error option codes. */
const NSID = 3;
const EDE = 15;

/**
 * The OPT record as dig's pseudosection shows it: payload size, DO, NSID text, EDE codes and texts,
 * and any other option by code and hex data.
 */
export function ednsObservation(edns: DnsMessage["edns"]): EdnsObs | undefined {
  if (!edns) return undefined;
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const nsid = edns.options.find((o) => o.code === NSID);
  const ede = edns.options
    .filter((o) => o.code === EDE && o.data.length >= 2)
    .map((o) => {
      const extra = text(o.data.subarray(2));
      return { code: (o.data[0]! << 8) | o.data[1]!, ...(extra ? { text: extra } : {}) };
    });
  const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  const options = edns.options
    .filter((o) => o.code !== NSID && o.code !== EDE)
    .map((o) => ({ code: o.code, hex: hex(o.data) }));
  return {
    udp: edns.udpSize,
    do: edns.do,
    ...(nsid ? { nsid: text(nsid.data) } : {}),
    ede,
    ...(options.length ? { options } : {}),
  };
}

function record(rr: ResourceRecord): RecordObs {
  return presentRecord(rr);
}

export function dnsObservation(x: DnsExchange): DnsObs {
  const reply = x.reply;
  const by = x.answeredBy ? { answeredBy: `${x.answeredBy.namespace}/${x.answeredBy.name}` } : {};
  if (!reply) {
    return {
      kind: "dns",
      server: x.server,
      transport: x.transport,
      timeout: !x.refused,
      refused: x.refused ?? false,
      rcode: x.refused ? "CONNREFUSED" : "TIMEOUT",
      flags: [],
      question: [],
      answer: [],
      authority: [],
      additional: [],
      elapsedMs: x.elapsedMs,
      reasons: x.reasons,
      ...by,
    };
  }
  const flags = (["qr", "aa", "tc", "rd", "ra", "ad", "cd"] as const).filter((f) => reply.flags[f]);
  return {
    kind: "dns",
    server: x.server,
    transport: x.transport,
    timeout: false,
    rcode: reply.rcode,
    flags: [...flags],
    question: reply.question.map((q) => ({ name: q.name, type: q.type, class: q.class })),
    answer: reply.answer.map(record),
    authority: reply.authority.map(record),
    additional: reply.additional.filter((r) => r.type !== "OPT").map(record),
    ednsUdpSize: reply.edns?.udpSize,
    ...(reply.edns ? { edns: ednsObservation(reply.edns)! } : {}),
    size: x.size,
    elapsedMs: x.elapsedMs,
    reasons: x.reasons,
    ...by,
  };
}
