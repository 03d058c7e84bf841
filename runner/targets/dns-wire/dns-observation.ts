/**
 * DNS replies (the engine's message model) as the DnsObs every target reports: flags in dig's order,
 * records in presentation format, OPT left out of additional (its payload size is `ednsUdpSize`).
 */
import { presentRecord, type DnsExchange, type ResourceRecord } from "../../../engine/index.js";
import type { DnsObs, RecordObs } from "../../observation.js";

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
    size: x.size,
    elapsedMs: x.elapsedMs,
    reasons: x.reasons,
    ...by,
  };
}
