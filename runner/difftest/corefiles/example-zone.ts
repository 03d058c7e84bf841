/**
 * example.org's zone file, the one zone the Corefile tests serve with plugin/file: the generated cases
 * of `difftest --corefiles` (generate.ts) and the CoreDNS parity cases (test/coredns-parity) both
 * build theirs here, the same hosts under each one's own TTL, SOA and extra names.
 */

/** The names every example.org zone holds: the apex NS and MX, hosts with A/AAAA, a CNAME. */
const HOSTS = [
  "      IN NS  ns",
  "ns    IN A   192.0.2.53",
  "www   IN A   192.0.2.80",
  "      IN AAAA 2001:db8::80",
  "mail  IN A   192.0.2.25",
  "@     IN MX  10 mail",
  "alias IN CNAME www",
];

/** What one zone sets for itself: `$TTL`, the SOA's data and the lines after the shared hosts. */
export interface ExampleZone {
  ttl: number;
  /** The SOA's RDATA: `ns.example.org. admin.example.org. SERIAL REFRESH RETRY EXPIRE MINIMUM`. */
  soa: string;
  /** Zone-file lines after the shared hosts; each names its owner (a blank one would continue `alias`). */
  extra: string[];
}

/** The zone file text: `$ORIGIN example.org.`, `$TTL`, the SOA, the shared hosts, then `z.extra`. */
export function exampleOrgZone(z: ExampleZone): string {
  const head = ["$ORIGIN example.org.", `$TTL ${z.ttl}`, `@     IN SOA ${z.soa}`];
  return `${[...head, ...HOSTS, ...z.extra].join("\n")}\n`;
}
