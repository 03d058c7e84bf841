/**
 * The kubernetes plugin as a transfer.Transferer (CoreDNS 1.14.7 plugin/kubernetes/xfr.go Transfer,
 * transferServices, emitAddressRecord, calcSRVWeight): the zone's SOA, one NS per nameserver name of
 * ns.go nsAddrs and their addresses, then every exposed Service sorted by name (sort.Slice on Name
 * only; services of one name keep the view's order), and the SOA again.
 * - ClusterIP/NodePort/LoadBalancer with a cluster IP: an address record per cluster IP, an SRV
 *   `0 100 PORT svc` per port and `_port._proto` SRV per named port;
 * - headless: per ready endpoint address (object.Endpoints from each EndpointSlice) the service's
 *   address record, the endpoint's own name, and an SRV per named port, weight floor(100 / addresses);
 * - ExternalName: a CNAME when the external name is a name (not an IP).
 * A multicluster zone lists ServiceImports instead (transferMultiClusterServices, multicluster-xfr.ts).
 */
import type { ResourceRecord } from "../../message.js";
import { address, rr, srvWeight } from "./xfr-records.js";
import { ipFamily } from "../../../net/index.js";
import type { TransferStream } from "../transfer/index.js";
import type { Backend } from "./backend.js";
import { endpointHostname, isHeadless, readyAddresses, slicePorts } from "./backend.js";
import { soaRecord } from "./lookup.js";
import { matchZone } from "../shared/index.js";
import type { KubernetesOptions } from "./options.js";
import { isMulticlusterZone } from "./options.js";
import { transferMultiClusterServices } from "./multicluster-xfr.js";

/** xfr.go Transfer: one NS per distinct nameserver name of nsAddrs, then all their addresses. */
function nsSection(b: Backend, zone: string, ttl: number): ResourceRecord[][] {
  const out: ResourceRecord[][] = [];
  const addrs = b.nsAddrs(zone);
  const hosts = new Set<string>();
  for (const a of addrs) {
    if (hosts.has(a.name)) continue;
    hosts.add(a.name);
    out.push([rr(zone, ttl, { type: "NS", target: a.name })]);
  }
  out.push(addrs.flatMap((a) => address(a.name, a.ip, ttl) ?? []));
  return out;
}

/** xfr.go Kubernetes.Transfer for `zone` (lower-cased qname) and `serial` (0: AXFR). */
export function kubernetesTransfer(
  b: Backend,
  o: KubernetesOptions,
  serialNow: number,
  zone: string,
  serial: number,
): TransferStream {
  if (matchZone(o.zones, zone) === undefined) return "not-authoritative";
  const ttl = o.ttl;
  const soa = soaRecord(zone, ttl, serialNow);
  if (serial !== 0 && serialNow === serial) return [[soa]];
  const out: ResourceRecord[][] = [[soa], ...nsSection(b, zone, ttl)];
  if (isMulticlusterZone(o, zone)) {
    out.push(...transferMultiClusterServices(b, o, zone), [soa]);
    return out;
  }
  const services = [...b.view.services()].sort((x, y) =>
    x.metadata.name < y.metadata.name ? -1 : x.metadata.name > y.metadata.name ? 1 : 0,
  );
  for (const svc of services) {
    const ns = svc.metadata.namespace;
    if (!b.namespaceExposed(ns) || !b.labelsOk(svc.metadata.labels)) continue;
    const base = `${svc.metadata.name}.${ns}.svc.${zone}`;
    if (svc.spec.type === "ExternalName") {
      const target = svc.spec.externalName ?? "";
      if (target && ipFamily(target) === undefined) {
        const fq = target.endsWith(".") ? target : `${target}.`;
        out.push([rr(base, ttl, { type: "CNAME", target: fq })]);
      }
      continue;
    }
    if (!isHeadless(svc)) {
      let host = "";
      for (const ip of svc.spec.clusterIPs) {
        const a = address(base, ip, ttl);
        if (a) out.push([a]);
        host = a ? base : "";
      }
      for (const p of svc.spec.ports) {
        const srv = (name: string) =>
          rr(name, ttl, {
            type: "SRV",
            srv: { priority: 0, weight: 100, port: p.port, target: host || "." },
          });
        out.push([srv(base)]);
        if (!p.name) continue;
        out.push([srv(`_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}.${base}`)]);
      }
      continue;
    }
    for (const slice of b.slicesFor(ns, svc.metadata.name)) {
      const ready = readyAddresses(slice);
      const weight = srvWeight(ready.length);
      for (const a of ready) {
        const own = address(base, a.ip, ttl);
        if (own) out.push([own]);
        const name = `${endpointHostname(a, o.endpointPodNames)}.${base}`;
        const rec = address(name, a.ip, ttl);
        if (rec) out.push([rec]);
        const host = rec ? name : "";
        for (const p of slicePorts(slice)) {
          if (!p.name) continue;
          out.push([
            rr(`_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}.${base}`, ttl, {
              type: "SRV",
              srv: { priority: 0, weight, port: p.port, target: host || "." },
            }),
          ]);
        }
      }
    }
  }
  out.push([soa]);
  return out;
}
