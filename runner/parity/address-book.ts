/**
 * Addresses as the objects they belong to. Two targets give the same Service and the same Pod
 * different addresses (the reference engine allocates in its own order; a real API server picks
 * cluster IPs at random, the real scheduler and host-local CNI pick nodes and pod IPs), so answers
 * are compared with every address replaced by its owner — `cluster-ip(service ns/n)`, `ip(pod
 * ns/n)` — in each of the forms DNS writes it: the dotted address, the dashed label of pod and
 * endpoint names (`10-244-1-3`) and the reversed in-addr.arpa name.
 */
import type { AddressOwner, DnsObs, RecordObs } from "../observation.js";

export type { AddressOwner };

/** The in-addr.arpa name of an IPv4 address, without the final dot. */
export const reverseName = (ip: string) => `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
const dashed = (ip: string) => ip.replaceAll(".", "-");

export class AddressBook {
  private readonly forms: [RegExp, string][] = [];

  constructor(readonly owners: AddressOwner[]) {
    // Longest first, so 10.96.0.10 is never rewritten as <10.96.0.1>0.
    const sorted = [...owners].sort((a, b) => b.ip.length - a.ip.length);
    for (const o of sorted) {
      const at = (s: string) => new RegExp(`(?<![0-9.-])${s.replaceAll(".", "\\.")}(?![0-9])`, "gi");
      this.forms.push([at(reverseName(o.ip)), `reverse(${o.symbol})`]);
      this.forms.push([at(dashed(o.ip)), `dashed(${o.symbol})`]);
      this.forms.push([at(o.ip), o.symbol]);
    }
    // Generated pod names, as whole DNS labels or `ns/name` parts (never inside a longer name).
    for (const o of owners)
      if (o.name && o.nameSymbol)
        this.forms.push([new RegExp(`(?<![a-z0-9-])${o.name}(?![a-z0-9-])`, "gi"), o.nameSymbol]);
  }

  /** The address of `symbol` on this target, when it has one. */
  ip(symbol: string): string | undefined {
    return this.owners.find((o) => o.symbol === symbol)?.ip;
  }

  /** `text` with every owned address written as its owner. */
  symbolise(text: string): string {
    let out = text;
    for (const [re, symbol] of this.forms) out = out.replace(re, symbol);
    return out;
  }

  /** The observation with every owned address in names and record data written as its owner. */
  observation(o: DnsObs): DnsObs {
    const rec = (r: RecordObs): RecordObs => ({
      ...r,
      name: this.symbolise(r.name),
      data: this.symbolise(r.data),
    });
    return {
      ...o,
      question: o.question.map((q) => ({ ...q, name: this.symbolise(q.name) })),
      answer: o.answer.map(rec),
      authority: o.authority.map(rec),
      additional: o.additional.map(rec),
    };
  }
}
