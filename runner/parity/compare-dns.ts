/**
 * What the differential tester and the parity table compare in two DNS answers: rcode, header flags,
 * and each section as a sorted list of records (order is not compared: loadbalance shuffles A/AAAA).
 * Left out on purpose: the SOA serial (CoreDNS uses the wall clock at which it last saw a change, the
 * reference its virtual clock), elapsed time, the reply size and the engine's reasons. TTLs of names
 * outside the cluster domain may differ by one second (cache countdown across a second boundary); with
 * no domain given, every TTL may.
 */
import type { DnsObs, RecordObs } from "../observation.js";

export function normalRecords(records: RecordObs[]): string[] {
  return records
    .map((r) => {
      const data = r.type === "SOA" ? r.data.replace(/^(\S+ \S+) \d+/, "$1 SERIAL") : r.data;
      return `${r.name} ${r.ttl} ${r.class} ${r.type} ${data}`;
    })
    .sort();
}

/** Human-readable differences; empty when the answers agree. */
export function compareDns(a: DnsObs, b: DnsObs, domain?: string): string[] {
  const out: string[] = [];
  const status = (o: DnsObs) => (o.timeout ? "TIMEOUT" : o.refused ? "REFUSED" : o.rcode);
  if (status(a) !== status(b)) out.push(`rcode ${status(a)} vs ${status(b)}`);
  const fa = a.flags.join(" ");
  const fb = b.flags.join(" ");
  if (fa !== fb) out.push(`flags "${fa}" vs "${fb}"`);
  for (const sec of ["answer", "authority", "additional"] as const) {
    const ra = normalRecords(a[sec]);
    const rb = normalRecords(b[sec]);
    if (ra.length === rb.length && ra.every((x, i) => sameRecord(x, rb[i]!, domain))) continue;
    out.push(
      `${sec}:\n    reference: ${ra.join("\n               ") || "(none)"}\n    other:     ${rb.join("\n               ") || "(none)"}`,
    );
  }
  return out;
}

function sameRecord(x: string, y: string, domain: string | undefined): boolean {
  if (x === y) return true;
  const [nx, tx, ...rx] = x.split(" ");
  const [ny, ty, ...ry] = y.split(" ");
  const inCluster = domain !== undefined && nx!.toLowerCase().replace(/\.$/, "").endsWith(domain);
  return !inCluster && nx === ny && rx.join(" ") === ry.join(" ") && Math.abs(Number(tx) - Number(ty)) <= 1;
}
