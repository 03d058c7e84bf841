/**
 * plugin/loadbalance/loadbalance.go roundRobin: section rebuilt as CNAMEs, then other types in their
 * order, then the shuffled A/AAAA records, then the shuffled MX records. roundRobinShuffle: 2 records
 * swap when dns.Id() is even; more are permuted with p = j + Id() % (l − j). dns.Id() is drawn from the
 * seeded rng.
 */
import type { ResourceRecord } from "../../message.js";
import type { Rng } from "../../../support/index.js";

function shuffle(records: ResourceRecord[], rng: Rng): void {
  const l = records.length;
  if (l < 2) return;
  if (l === 2) {
    if (rng.int(65536) % 2 === 0) [records[0], records[1]] = [records[1]!, records[0]!];
    return;
  }
  for (let j = 0; j < l; j++) {
    const p = j + (rng.int(65536) % (l - j));
    if (j === p) continue;
    [records[j], records[p]] = [records[p]!, records[j]!];
  }
}

export function roundRobin(rrs: ResourceRecord[], rng: Rng): ResourceRecord[] {
  const cname: ResourceRecord[] = [];
  const address: ResourceRecord[] = [];
  const mx: ResourceRecord[] = [];
  const rest: ResourceRecord[] = [];
  for (const r of rrs) {
    if (r.type === "CNAME") cname.push(r);
    else if (r.type === "A" || r.type === "AAAA") address.push(r);
    else if (r.type === "MX") mx.push(r);
    else rest.push(r);
  }
  shuffle(address, rng);
  shuffle(mx, rng);
  return [...cname, ...rest, ...address, ...mx];
}
