/** Subjects of a DNS reply (`expect dns …`) and of a resolver walk (`expect resolve …`). */
import type { DnsObs, ResolveObs } from "../../observation.js";
import { judgeBecause } from "../judge.js";
import { each, flag, list, scalar, type SubjectTable } from "../subject.js";
import { judgeEdns, judgeRcode } from "./dns-reply.js";

/** The reply's SOA: the answer's (a SOA query), else the authority's (a negative answer, a referral). */
const soaOf = (o: DnsObs) => {
  const answer = o.answer.filter((r) => r.type === "SOA");
  return answer.length ? answer : o.authority.filter((r) => r.type === "SOA");
};

export const dnsSubjects: SubjectTable<DnsObs> = {
  subjects: {
    rcode: (o) => scalar(o.rcode),
    flags: (o) => list(o.flags),
    answer: (o) => list(o.answer),
    count: (o) => list(o.answer),
    authority: (o) => list(o.authority),
    additional: (o) => list(o.additional),
    ttl: (o) => each(o.answer.map((r) => r.ttl)),
    size: (o) => scalar(o.size),
    timeout: (o) => flag(o.timeout),
    refused: (o) => flag(o.refused ?? false),
    because: (o) => list(o.reasons),
    soa: (o) => list(soaOf(o)),
    edns: (o) => list(o.edns ? [o.edns.udp] : []),
  },
  judges: { because: judgeBecause, rcode: judgeRcode, edns: judgeEdns },
  describeFalse: (o) => (o.timeout ? "timeout" : `reply ${o.rcode}`),
};

export const resolveSubjects: SubjectTable<ResolveObs> = {
  subjects: {
    tries: (o) =>
      list(
        o.tries.map((t) => ({ ...t })),
        true,
      ),
    answer: (o) => list(o.answer),
    count: (o) => list(o.answer),
    rcode: (o) => scalar(o.rcode),
    source: (o) => scalar(o.source),
    timeout: (o) => flag(o.rcode === "TIMEOUT"),
    "canonical-name": (o) => scalar(o.canonicalName),
    elapsed: (o) => scalar(o.elapsedMs),
    because: (o) => list(o.reasons),
  },
  judges: { because: judgeBecause },
  describeFalse: (o) => o.rcode,
};
