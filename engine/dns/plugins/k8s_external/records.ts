/**
 * The records plugin/k8s_external writes (CoreDNS 1.14.7 plugin/k8s_external/msg_to_dns.go and
 * apex.go soa/ns): A/AAAA per distinct external IP with the plugin's TTL, a CNAME (kubernetes TTL)
 * plus the upstream's answer for a load balancer hostname, SRV with weights shared per priority
 * and the addresses in the additional section, PTR to `svc.ns.<first zone>`.
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import { hostType } from "../kubernetes/ip.js";
import type { ExternalService } from "../kubernetes/index.js";
import type { ExternalOptions } from "./setup.js";

/** plugin/pkg/upstream Lookup through the server's own chain; undefined when nothing answered. */
export type Upstream = (name: string, qtype: string) => DnsMessage | undefined;

const fqdn = (n: string) => (n.endsWith(".") ? n : `${n}.`);
/** dnsutil.Join. */
export const joinNames = (...labels: string[]) =>
  labels
    .map((l) => l.replace(/\.$/, ""))
    .filter((l) => l !== "")
    .join(".") + ".";

export function soa(o: ExternalOptions, zone: string, serial: number): ResourceRecord {
  return {
    name: zone,
    type: "SOA",
    class: "IN",
    ttl: o.ttl,
    data: {
      type: "SOA",
      soa: {
        mname: joinNames("ns1", o.apex, zone),
        rname: joinNames(o.hostmaster, o.apex, zone),
        serial,
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: o.ttl,
      },
    },
  };
}

export function ns(o: ExternalOptions, zone: string): ResourceRecord {
  return {
    name: zone,
    type: "NS",
    class: "IN",
    ttl: o.ttl,
    data: { type: "NS", target: joinNames("ns1", o.apex, zone) },
  };
}

export function address(name: string, ip: string, ttl: number): ResourceRecord {
  const type = ip.includes(":") ? "AAAA" : "A";
  return { name, type, class: "IN", ttl, data: { type, address: ip } };
}

/** msg_to_dns.go a / aaaa: `family` A or AAAA. */
export function addresses(
  o: ExternalOptions,
  services: readonly ExternalService[],
  qname: string,
  family: "A" | "AAAA",
  upstream: Upstream,
): { records: ResourceRecord[]; truncated: boolean } {
  const seen = new Set<string>();
  const records: ResourceRecord[] = [];
  let truncated = false;
  for (const s of services) {
    const what = hostType(s.host);
    if (what === "CNAME") {
      // No dedup here upstream: one CNAME (and one lookup) per service entry, i.e. per port.
      records.push({
        name: qname,
        type: "CNAME",
        class: "IN",
        ttl: s.ttl,
        data: { type: "CNAME", target: fqdn(s.host) },
      });
      const resp = upstream(fqdn(s.host), family);
      if (resp) {
        records.push(...resp.answer);
        if (resp.flags.tc) truncated = true;
      }
    } else if (what === family && !seen.has(s.host)) {
      seen.add(s.host);
      records.push(address(qname, s.host, o.ttl));
    }
  }
  return { records, truncated };
}

/** msg_to_dns.go srv: weights per priority (all services have priority 0 and weight 0 → 100). */
export function srv(
  o: ExternalOptions,
  services: readonly ExternalService[],
  qname: string,
  upstream: Upstream,
): { records: ResourceRecord[]; extra: ResourceRecord[] } {
  const records: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const dup = new Set<string>();
  const isDup = (key: string) => (dup.has(key) ? true : (dup.add(key), false));
  const total = services.length * 100;
  for (const s of services) {
    if (s.port === -1) continue;
    const weight = Math.max(1, Math.floor((100 / total) * 100));
    const what = hostType(s.host);
    const target = what === "CNAME" ? fqdn(s.host) : fqdn(s.target);
    const rr: ResourceRecord = {
      name: qname,
      type: "SRV",
      class: "IN",
      ttl: s.ttl,
      data: { type: "SRV", srv: { priority: 0, weight, port: s.port, target } },
    };
    if (!isDup(`${target} port ${s.port}`)) records.push(rr);
    if (what === "CNAME") {
      if (isDup(`${target} addr ${target}`)) continue;
      for (const t of ["A", "AAAA"]) extra.push(...(upstream(target, t)?.answer ?? []));
    } else if (!isDup(`${target} addr ${s.host}`)) {
      extra.push(address(target, s.host, o.ttl));
    }
  }
  return { records, extra };
}

/** msg_to_dns.go ptr. */
export function ptr(
  o: ExternalOptions,
  services: readonly ExternalService[],
  qname: string,
): ResourceRecord[] {
  const seen = new Set<string>();
  const out: ResourceRecord[] = [];
  for (const s of services) {
    if (seen.has(s.host)) continue;
    seen.add(s.host);
    out.push({
      name: qname,
      type: "PTR",
      class: "IN",
      ttl: o.ttl,
      data: { type: "PTR", target: joinNames(s.host, o.zones[0]!) },
    });
  }
  return out;
}
